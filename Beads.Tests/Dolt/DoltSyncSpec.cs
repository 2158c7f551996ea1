using Beads.Actors.Dolt;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Dolt;

/// <summary>On stores that are not Dolt (MariaDB here, the embedded file) every Dolt call is skipped, and says so.</summary>
public abstract class DoltSyncSpec(TestStore store) : IDisposable
{
    [SkippableFact]
    public async Task A_commit_on_a_store_that_is_not_Dolt_is_skipped_with_a_reason()
    {
        var result = await store.Storage.Dolt.CommitAndPush("beads: export", "agent-1", new DoltRemote("origin", "main"), CancellationToken.None);

        Assert.Equal(DoltSyncOutcome.Skipped, result.Outcome);
        Assert.Null(result.Commit);
        Assert.EndsWith("is not a Dolt server: skipped", result.Detail);
    }

    public void Dispose() => store.Dispose();

    public sealed class OnEmbeddedStore() : DoltSyncSpec(TempDatabase.Create());

    public sealed class OnServerStore() : DoltSyncSpec(TempServerDatabase.Create());
}
