using Akka.Hosting;
using Beads.Actors.Cluster;
using Beads.Actors.Configuration;
using Beads.Actors.Registry;
using Beads.Actors.Rigs;
using Microsoft.Extensions.DependencyInjection;

namespace Beads.Host;

public static class BeadsHostingExtensions
{
    /// <summary>The whole Beads actor system on the embedded store: configuration, cluster, rig registry, rigs.</summary>
    public static IServiceCollection AddBeads(this IServiceCollection services, BeadsHostOptions options)
    {
        EmbeddedStore.Prepare(options.DatabaseFile);
        var config = options.ActorSystemConfig();
        return services.AddAkka("beads", (akka, _) => akka
            .AddHocon(config, HoconAddMode.Prepend)
            .ConfigureLoggers(loggers => loggers.AddLoggerFactory())
            .WithLoneNodeJoin()
            .WithRigRegistry()
            .WithRigs(RigSettings.From(config)));
    }
}
