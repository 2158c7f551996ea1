using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// Answers a rig gave to repeatable requests (<see cref="DeliverOnce"/>) without changing anything: refusals and
/// no-ops. They write no event, so the journal cannot remember them; but a copy decided again later could find the
/// rig changed and succeed after its sender was told "refused". Kept in memory only, for the copies that reach the same
/// rig while it runs, the oldest forgotten first beyond <see cref="Capacity"/>.
/// </summary>
public sealed class UnjournaledAnswers
{
    public const int Capacity = 10_000;

    private readonly Dictionary<string, IRigReply> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _inOrder = new();

    public IRigReply? Find(string requestId) => _byId.GetValueOrDefault(requestId);

    public void Remember(string requestId, IRigReply reply)
    {
        if (!_byId.TryAdd(requestId, reply)) return;
        _inOrder.Enqueue(requestId);
        if (_inOrder.Count > Capacity) _byId.Remove(_inOrder.Dequeue());
    }
}
