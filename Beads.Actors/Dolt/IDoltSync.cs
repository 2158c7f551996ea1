namespace Beads.Actors.Dolt;

/// <summary>
/// Records the store's current tables as one Dolt commit, and pushes it when asked: what the export's schedule calls
/// after a batch of writes. On a store that is not a Dolt server it does nothing and says so.
/// </summary>
public interface IDoltSync
{
    /// <param name="message">The commit message.</param>
    /// <param name="author">Who the commit is by: an actor name, or <c>Name &lt;email&gt;</c>.</param>
    /// <param name="push">Where to push the commit to; null commits only.</param>
    Task<DoltSyncResult> CommitAndPush(string message, string author, DoltRemote? push, CancellationToken cancellation);
}

/// <summary>A Dolt remote and the branch to push to it.</summary>
public sealed record DoltRemote(string Remote, string Branch);

public enum DoltSyncOutcome
{
    Committed,
    NothingToCommit,
    /// <summary>The store is not a Dolt server (MariaDB, MySQL, the embedded SQLite file): nothing was done.</summary>
    Skipped,
}

/// <param name="Commit">The new commit's hash, when one was made.</param>
/// <param name="Detail">What happened, in words for a log line or `bd sync`.</param>
public sealed record DoltSyncResult(DoltSyncOutcome Outcome, string? Commit, string Detail);
