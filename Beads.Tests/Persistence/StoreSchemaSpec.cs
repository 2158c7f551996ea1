using Beads.Actors.Persistence;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Persistence;

/// <summary>The schema installer on each store: safe to run at every start, and wary of a newer Beads' schema.</summary>
public abstract class StoreSchemaSpec(TestStore store) : IDisposable
{
    [SkippableFact]
    public void Preparing_a_store_again_keeps_its_rows_and_records_the_schema_version_once()
    {
        store.Execute("INSERT INTO snapshot (persistence_id, sequence_number, created) VALUES ('rig-kept', 1, 0)");

        store.Storage.Prepare();
        store.Storage.Prepare();

        Assert.Equal(1, store.Scalar("SELECT COUNT(*) FROM snapshot"));
        Assert.Equal(1, store.Scalar("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(StoreSchema.Version, store.Scalar("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM journal") + store.Scalar("SELECT COUNT(*) FROM tags"));
    }

    [SkippableFact]
    public void A_store_whose_schema_a_newer_Beads_wrote_is_refused_with_what_to_do()
    {
        store.Execute($"INSERT INTO schema_version (version, description, applied_at) VALUES ({StoreSchema.Version + 1}, 'future', 'later')");

        var refusal = Assert.Throws<StoreSetupException>(store.Storage.Prepare);

        Assert.Contains($"schema version {StoreSchema.Version + 1}", refusal.Message);
        Assert.Contains("upgrade this host", refusal.Message);
    }

    public void Dispose() => store.Dispose();

    public sealed class OnEmbeddedStore() : StoreSchemaSpec(TempDatabase.Create());

    public sealed class OnServerStore() : StoreSchemaSpec(TempServerDatabase.Create());
}
