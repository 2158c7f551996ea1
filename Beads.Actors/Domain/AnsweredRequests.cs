using System.Collections.Immutable;

namespace Beads.Actors.Domain;

/// <summary>
/// The requests a rig answered lately, so that a copy sent again is answered instead of applied twice; two books of
/// them, each with its own memory. <see cref="None"/> remembers by request id: a sender only sends a copy within its
/// own timeout (the gateway's is 30 s), so each is kept 2 minutes after it was answered, at most 20,000 of them (a rig
/// taking more than about 160 writes a second for minutes remembers less; the bound keeps snapshots small).
/// <see cref="NoKeys"/> remembers by the idempotency key a client gave (<c>bd create --idempotency-key K</c>), for a
/// day, at most 100,000 of them: a script that retries tomorrow morning still gets its first answer.
/// Forgetting goes by the events' own times, so a rig rebuilt from its journal remembers exactly the same requests.
/// </summary>
public sealed record AnsweredRequests
{
    public static readonly AnsweredRequests None = new() { Retention = TimeSpan.FromMinutes(2), Capacity = 20_000 };

    public static readonly AnsweredRequests NoKeys = new() { Retention = TimeSpan.FromHours(24), Capacity = 100_000, ByKey = true };

    public TimeSpan Retention { get; private init; }

    public int Capacity { get; private init; }

    /// <summary>Remembered by idempotency key (answers without one are not kept here), rather than by request id.</summary>
    private bool ByKey { get; init; }

    private ImmutableDictionary<string, RequestAnswered> ById { get; init; } =
        ImmutableDictionary.Create<string, RequestAnswered>(StringComparer.Ordinal);

    /// <summary>Oldest first.</summary>
    private ImmutableQueue<RequestAnswered> InOrder { get; init; } = ImmutableQueue<RequestAnswered>.Empty;

    public int Count => ById.Count;

    public IEnumerable<RequestAnswered> All => InOrder;

    /// <summary>The answer remembered under a request id, or an idempotency key in <see cref="NoKeys"/>' book.</summary>
    public RequestAnswered? Find(string id) => ById.GetValueOrDefault(id);

    private string? IdOf(RequestAnswered answered) => ByKey ? answered.IdempotencyKey : answered.RequestId;

    public AnsweredRequests Add(RequestAnswered answered)
    {
        if (IdOf(answered) is not { } id) return this;
        var byId = ById.SetItem(id, answered);
        var inOrder = InOrder.Enqueue(answered);
        while (!inOrder.IsEmpty && (byId.Count > Capacity || answered.At - inOrder.Peek().At > Retention))
        {
            inOrder = inOrder.Dequeue(out var forgotten);
            // A request id answered twice (it cannot be, but a journal is data) stays until its newest answer goes.
            if (ReferenceEquals(byId.GetValueOrDefault(IdOf(forgotten)!), forgotten)) byId = byId.Remove(IdOf(forgotten)!);
        }
        return this with { ById = byId, InOrder = inOrder };
    }

    /// <summary>A book as a snapshot kept it: <paramref name="empty"/> (<see cref="None"/> or <see cref="NoKeys"/>) with these answers.</summary>
    public static AnsweredRequests From(AnsweredRequests empty, IEnumerable<RequestAnswered> answered) => answered.Aggregate(empty, (all, a) => all.Add(a));
}
