using System.Collections;
using Akka.Actor;
using Beads.Actors.Dolt;
using Beads.Actors.Rigs;
using Beads.Actors.Sync;
using Beads.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Support;

/// <summary>
/// Rigs whose home is a real temporary folder with a <c>.beads/</c>, so that their flush and export children write
/// there; sync settings come from HOCON overrides and each test's own environment (never the test process's).
/// </summary>
public abstract class SyncTestKit : RigTestKit
{
    /// <summary>Long enough for any slow machine, and only ever spent when something is wrong.</summary>
    protected static readonly TimeSpan Eventually = TimeSpan.FromSeconds(20);

    private readonly string _homes = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "beads-sync-tests", Guid.NewGuid().ToString("N")[..12])).FullName;

    protected SyncTestKit(ITestOutputHelper output, string syncOverrides = "") : base(output, $$"""
        beads.rig.sync { {{syncOverrides}} }
        """)
    {
    }

    /// <summary>A new rig home with its <c>.beads/</c> folder, as bd init leaves it.</summary>
    protected string NewHome(string name)
    {
        var home = Path.Combine(_homes, name);
        Directory.CreateDirectory(Path.Combine(home, ".beads"));
        return home;
    }

    protected static string JsonlIn(string home) => Path.Combine(home, ".beads", "issues.jsonl");

    protected RigSettings Settings(IDictionary? environment = null) =>
        RigSettings.From(SystemConfig, environment ?? new Hashtable()) with { Dolt = new NotADoltStore("the test store") };

    /// <summary>A rig with its home at <paramref name="home"/>, initialised (or recovered) and with its sync started.</summary>
    protected async Task<IActorRef> StartRigAt(string name, string home, RigSettings? settings = null)
    {
        var rig = Sys.ActorOf(RigActor.Props(name, settings ?? Settings()));
        await Ask<RigInfo>(rig, new InitRig(name, Agent, "bd", home));
        await AwaitAssertAsync(async () => Assert.NotNull((await Ask<StatsResult>(rig, new GetStats(name))).Sync),
            Eventually, TimeSpan.FromMilliseconds(50));
        return rig;
    }

    protected static async Task<RigSyncStats> SyncStats(IActorRef rig, string name) =>
        (await Ask<StatsResult>(rig, new GetStats(name))).Sync!;

    protected static Task<SyncResult> FlushOnly(IActorRef rig, string name) => Ask<SyncResult>(rig, new SyncRig(name, FlushOnly: true));

    /// <summary>The issue ids in the file, in file order; none when it does not exist.</summary>
    protected static List<string> IdsInFile(string home) =>
        File.Exists(JsonlIn(home))
            ? [.. Beads.Actors.Jsonl.JsonlReader.Read(File.ReadAllBytes(JsonlIn(home))).Issues.Select(issue => issue.Id)]
            : [];

    protected async Task FileHolds(string home, params string[] ids) =>
        await AwaitAssertAsync(() => Assert.Equal(ids.Order(StringComparer.Ordinal), IdsInFile(home)), Eventually,
            TimeSpan.FromMilliseconds(50));

    protected async Task Kill(IActorRef rig)
    {
        Watch(rig);
        Sys.Stop(rig);
        await ExpectTerminatedAsync(rig, Eventually);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        try { Directory.Delete(_homes, recursive: true); }
        catch (IOException) { /* a temporary folder: harmless */ }
    }
}
