using System.Collections.Immutable;

namespace Beads.Actors.Domain;

/// <summary>
/// The requests a rig answered lately, by id, so that a copy sent again is answered instead of applied twice. A sender
/// only sends a copy within its own timeout (the gateway's is 30 s), so the rig remembers each request for
/// <see cref="Retention"/> after it was answered, and at most <see cref="Capacity"/> of them: a rig taking more than
/// about 160 writes a second for minutes remembers less than the retention (the bound keeps snapshots small).
/// Forgetting goes by the events' own times, so a rig rebuilt from its journal remembers exactly the same requests.
/// </summary>
public sealed record AnsweredRequests
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(2);
    public const int Capacity = 20_000;

    public static readonly AnsweredRequests None = new();

    private ImmutableDictionary<string, RequestAnswered> ById { get; init; } =
        ImmutableDictionary.Create<string, RequestAnswered>(StringComparer.Ordinal);

    /// <summary>Oldest first.</summary>
    private ImmutableQueue<RequestAnswered> InOrder { get; init; } = ImmutableQueue<RequestAnswered>.Empty;

    public int Count => ById.Count;

    public IEnumerable<RequestAnswered> All => InOrder;

    public RequestAnswered? Find(string requestId) => ById.GetValueOrDefault(requestId);

    public AnsweredRequests Add(RequestAnswered answered)
    {
        var byId = ById.SetItem(answered.RequestId, answered);
        var inOrder = InOrder.Enqueue(answered);
        while (!inOrder.IsEmpty && (byId.Count > Capacity || answered.At - inOrder.Peek().At > Retention))
        {
            inOrder = inOrder.Dequeue(out var forgotten);
            // A request id answered twice (it cannot be, but a journal is data) stays until its newest answer goes.
            if (ReferenceEquals(byId.GetValueOrDefault(forgotten.RequestId), forgotten)) byId = byId.Remove(forgotten.RequestId);
        }
        return this with { ById = byId, InOrder = inOrder };
    }

    public static AnsweredRequests From(IEnumerable<RequestAnswered> answered) => answered.Aggregate(None, (all, a) => all.Add(a));
}
