namespace Beads.Actors.Sync;

/// <summary>
/// The Dolt side of a sync (dolt-native, belt-and-suspenders, dolt-only): commit the store's working set and push it to
/// the Dolt remote. The server store implements it with Dolt's SQL procedures; every other store says why it cannot.
/// </summary>
public interface IDoltSync
{
    /// <summary>What happened, in a few words for <c>bd sync</c> and <c>bd stats</c>; throws when the commit or push failed.</summary>
    Task<string> CommitAndPush(string message, CancellationToken cancellation);
}

/// <summary>The Dolt side of a sync on a store that is not a Dolt server: nothing to commit, and it says so.</summary>
public sealed class NotDoltServer(string store) : IDoltSync
{
    public Task<string> CommitAndPush(string message, CancellationToken cancellation) =>
        Task.FromResult($"not a Dolt server ({store}): Dolt commit skipped");
}
