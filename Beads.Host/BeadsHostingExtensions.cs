using Akka.Hosting;
using Beads.Actors.Cluster;
using Beads.Actors.Registry;
using Beads.Actors.Rigs;
using Beads.Actors.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Beads.Host;

public static class BeadsHostingExtensions
{
    /// <summary>
    /// The whole Beads actor system on the store the options choose: configuration, cluster, rig registry, rigs (whose
    /// exports make Dolt commits through the store's <see cref="Actors.Dolt.IDoltSync"/>).
    /// </summary>
    public static IServiceCollection AddBeads(this IServiceCollection services, BeadsHostOptions options)
    {
        var storage = options.Storage;
        storage.Prepare();
        var config = storage.ActorSystemConfig(options.HoconOverrides);
        return services.AddAkka(ClusterOptions.SystemName, (akka, _) => storage.ActorSystemSetups
            .Aggregate(akka, (builder, setup) => builder.AddSetup(setup))
            .AddHocon(config, HoconAddMode.Prepend)
            .ConfigureLoggers(loggers => loggers.AddLoggerFactory())
            .WithLoneNodeJoin()
            .WithRigRegistry()
            .WithRigs(RigSettings.From(config) with { Dolt = storage.Dolt }));
    }
}
