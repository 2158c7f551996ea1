using System.Diagnostics;
using Akka.Actor;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// Commands a rig holds back, in arrival order, while its SQL writers lag too far behind the journal: intake slows
/// down instead of the backlog growing without limit. None is dropped: each is decided once the writers catch up, or
/// refused when it has waited too long, so that its sender hears before a gateway timeout leaves it guessing.
/// </summary>
public sealed class HeldCommands
{
    /// <summary>
    /// Each command with the envelope it came in (<see cref="DeliverOnce"/>: its request id and options; null for a
    /// bare command), its sender and the <see cref="Stopwatch"/> timestamp it arrived at.
    /// </summary>
    private readonly Queue<(IRigCommand Command, DeliverOnce? Envelope, IActorRef Sender, long Since)> _queue = new();

    public void Hold(IRigCommand command, DeliverOnce? envelope, IActorRef sender) =>
        _queue.Enqueue((command, envelope, sender, Stopwatch.GetTimestamp()));

    /// <summary>Every held command with its envelope and sender, oldest first, leaving none held.</summary>
    public IReadOnlyList<(IRigCommand Command, DeliverOnce? Envelope, IActorRef Sender)> ReleaseAll()
    {
        var released = _queue.Select(held => (held.Command, held.Envelope, held.Sender)).ToList();
        _queue.Clear();
        return released;
    }

    /// <summary>The senders of the commands held for <paramref name="limit"/> or longer, which are no longer held.</summary>
    public IReadOnlyList<IActorRef> Expire(TimeSpan limit)
    {
        var expired = new List<IActorRef>();
        while (_queue.TryPeek(out var oldest) && Stopwatch.GetElapsedTime(oldest.Since) >= limit)
            expired.Add(_queue.Dequeue().Sender);
        return expired;
    }
}
