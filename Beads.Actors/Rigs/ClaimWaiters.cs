using Akka.Actor;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// The <see cref="ClaimReadyWork"/> requests a rig keeps while nothing is ready for them, first come first served.
/// A waiter is known by its request id: the gateway sends an unanswered request again (to reach a rig that moved),
/// and a copy of one already waiting only takes over the answer's address, keeping its place in the line.
/// Kept in memory only: a rig that stops loses them, and the copies the gateway goes on sending park them again.
/// </summary>
public sealed class ClaimWaiters
{
    public sealed record Waiter(string Key, ClaimReadyWork Command, DeliverOnce? Envelope, IActorRef Sender);

    private readonly LinkedList<Waiter> _inOrder = new();
    private readonly Dictionary<string, LinkedListNode<Waiter>> _byKey = new(StringComparer.Ordinal);

    public int Count => _byKey.Count;

    /// <summary>Waiters oldest first, as a copy: waking them changes the line.</summary>
    public IReadOnlyList<Waiter> InOrder => [.. _inOrder];

    /// <summary>
    /// A copy of a request already waiting: its answer goes to the copy's sender, its place in the line kept.
    /// False when no request with this key waits.
    /// </summary>
    public bool TryReaddress(string key, IActorRef sender)
    {
        if (!_byKey.TryGetValue(key, out var kept)) return false;
        kept.Value = kept.Value with { Sender = sender };
        return true;
    }

    /// <summary>Puts a new request at the end of the line.</summary>
    public void Park(string key, ClaimReadyWork command, DeliverOnce? envelope, IActorRef sender) =>
        _byKey.Add(key, _inOrder.AddLast(new Waiter(key, command, envelope, sender)));

    /// <summary>Takes the waiter out of the line; null when it is no longer in it.</summary>
    public Waiter? Remove(string key)
    {
        if (!_byKey.Remove(key, out var node)) return null;
        _inOrder.Remove(node);
        return node.Value;
    }

    public IReadOnlyList<Waiter> RemoveAll()
    {
        var all = InOrder;
        _inOrder.Clear();
        _byKey.Clear();
        return all;
    }
}
