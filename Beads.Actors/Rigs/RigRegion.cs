using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Hosting;
using Beads.Actors.Cluster;
using Beads.Actors.Registry;
using Beads.Actors.Projection;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>The registry key of the "rig" ShardRegion: every rig, wherever in the cluster it lives.</summary>
public sealed class RigRegion
{
    public const string TypeName = "rig";
}

public static class RigRegionHostingExtensions
{
    /// <summary>
    /// Starts the rigs: on a cluster node the rig ShardRegion, where rigs run on their home nodes
    /// (<see cref="HomeNodePlacement"/>), passivate when idle (akka.cluster.sharding in HOCON) and stop only after their
    /// writes are durable, their JSONL flushed and their SQL tables caught up; on a standalone host
    /// (<see cref="Standalone"/>) the same rigs as children of <see cref="LocalRigs"/>, under the same registry key.
    /// Messages that die with a failed rig are answered (<see cref="RigDeadLetters"/>), and the rigs whose SQL tables
    /// a crash left behind their journal are started at once, so that the tables catch up without waiting for a command.
    /// </summary>
    public static AkkaConfigurationBuilder WithRigs(this AkkaConfigurationBuilder builder, RigSettings settings, bool standalone) =>
        (standalone ? builder.WithLocalRigs(settings) : builder.WithRigRegion(settings))
            .WithActors((system, _) => system.ActorOf(RigDeadLetters.Props(), "rig-dead-letters"))
            // A statement body: the lambda must bind to AddStartup's Action overload. An expression body (`=> _ = ...`)
            // has the task as its value and binds to the StartupTask overload, which Akka.Hosting awaits, so the host did
            // not answer until every lagging rig had started (60 s when one could not, as while a failover settles).
            .AddStartup((system, registry) =>
            {
                _ = StartRigsBehind(system, registry, settings);
            });

    private static AkkaConfigurationBuilder WithRigRegion(this AkkaConfigurationBuilder builder, RigSettings settings) =>
        builder.StartActors(async (system, registry) =>
        {
            var homes = new RegistryHomeNodes(() => registry.GetAsync<RigRegistry>());
            var region = await ClusterSharding.Get(system).StartAsync(
                RigRegion.TypeName,
                rig => RigActor.Props(rig, settings),
                ClusterShardingSettings.Create(system),
                new RigMessageExtractor(),
                new HomeNodePlacement(homes.HomeNodeOf),
                RigStop.Instance);
            registry.Register<RigRegion>(region);
            _ = homes.Prime(system.WhenTerminated);
        });

    /// <summary>
    /// A standalone host's rigs. Its shutdown stops them the graceful way first, in the phase where a cluster node's
    /// region hands its rigs off, bounded as that phase is.
    /// </summary>
    private static AkkaConfigurationBuilder WithLocalRigs(this AkkaConfigurationBuilder builder, RigSettings settings) =>
        builder.WithActors((system, registry) =>
        {
            var restartPause = system.Settings.Config.GetTimeSpan("akka.cluster.sharding.entity-restart-backoff", TimeSpan.FromSeconds(10));
            var rigs = system.ActorOf(LocalRigs.Props(rig => RigActor.Props(rig, settings), restartPause), LocalRigs.Name);
            registry.Register<RigRegion>(rigs);
            var shutdown = CoordinatedShutdown.Get(system);
            var phase = CoordinatedShutdown.PhaseClusterShardingShutdownRegion;
            shutdown.AddTask(phase, "stop-rigs", async () =>
            {
                await rigs.Ask<Done>(StopAllRigs.Instance, shutdown.Timeout(phase));
                return Done.Instance;
            });
        });

    private static async Task StartRigsBehind(ActorSystem system, IActorRegistry registry, RigSettings settings)
    {
        try
        {
            var behind = await new ProjectionStore(settings.Projection).RigsBehindAsync(CancellationToken.None);
            if (behind.Count == 0) return;
            system.Log.Info("the SQL tables of {0} rig(s) lag their journals ({1}): starting them to catch up",
                behind.Count, string.Join(", ", behind.Take(10)));
            var region = await registry.GetAsync<RigRegion>();
            await Task.WhenAll(behind.Select(rig => region.Ask<IRigReply>(new GetRigInfo(rig), TimeSpan.FromMinutes(1))));
        }
        catch (Exception e)
        {
            // The rigs catch up anyway when their next message starts them.
            system.Log.Warning("could not start the rigs whose SQL tables lag their journals ({0}); each catches up when it next starts",
                e.GetBaseException().Message);
        }
    }
}
