using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Actors.Rigs;
using Beads.Actors.Serialization;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Support;

/// <summary>Rigs on a fresh store, with checks of what their writers put into the projected tables.</summary>
public abstract class ProjectionTestKit(TestStore store, ITestOutputHelper output, string overrides = "")
    : RigTestKit(store, output, overrides)
{
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits until the tables hold exactly the rig's issues, labels, dependencies and comments, and one audit row for
    /// each audited event in its journal (all but the rig's bookkeeping: answers kept for repeated requests, renewed leases).
    /// </summary>
    protected async Task AssertTablesMatch(IActorRef rig, string name)
    {
        var expected = ProjectedRowsSnapshot.Expected(await All(rig, name));
        await AwaitAssertAsync(() =>
        {
            // Read inside the wait: a rig may journal events of its own (such as the sync mode it records at home)
            // after the last answer this test waited for.
            var events = Store.Numbers(
                $"SELECT sequence_number FROM journal WHERE persistence_id = '{RigActor.PersistenceIdOf(name)}' " +
                $"AND manifest NOT IN ('{Manifests.Of(typeof(RequestAnswered))}', '{Manifests.Of(typeof(ClaimRenewed))}') ORDER BY sequence_number");
            var actual = ProjectedRowsSnapshot.Read(Store, name);
            Assert.Equal(expected.Issues, actual.Issues);
            Assert.Equal(expected.Labels, actual.Labels);
            Assert.Equal(expected.Dependencies, actual.Dependencies);
            Assert.Equal(expected.Comments, actual.Comments);
            Assert.Equal(events, ProjectedRowsSnapshot.EventSequenceNumbers(Store, name));
        }, Convergence, TimeSpan.FromMilliseconds(250));
    }

    protected long JournalLength(string rig) =>
        Store.Scalar($"SELECT COALESCE(MAX(sequence_number), 0) FROM journal WHERE persistence_id = '{RigActor.PersistenceIdOf(rig)}'");
}
