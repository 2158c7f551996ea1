using Xunit.Abstractions;

namespace Beads.Tests.Support;

/// <summary>A local actor system on a fresh <see cref="TestStore"/>, which is removed after the system has stopped.</summary>
public abstract class StoreTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected StoreTestKit(TestStore store, ITestOutputHelper output, string overrides = "")
        : base(store.LocalSetup(overrides), output: output)
    {
        Store = store;
    }

    protected TestStore Store { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Store.Dispose();
    }
}
