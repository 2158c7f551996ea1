using Akka.Configuration;
using Akka.Hosting;
using Beads.Actors.Cluster;
using Beads.Actors.Configuration;
using Beads.Actors.Registry;
using Beads.Actors.Rigs;
using Beads.Actors.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Beads.Host;

public static class BeadsHostingExtensions
{
    /// <summary>The whole Beads actor system on the store the options choose (see the overload below).</summary>
    public static IServiceCollection AddBeads(this IServiceCollection services, BeadsHostOptions options)
    {
        var storage = options.SelectStorage();
        return services.AddBeads(storage, storage.ActorSystemConfig(options.HoconOverrides), options.DataDirectory);
    }

    /// <summary>
    /// The whole Beads actor system on <paramref name="storage"/>, which is registered as a singleton:
    /// configuration, cluster (its transport pinned to the cluster's certificate) unless
    /// the configuration says standalone (<see cref="Standalone"/>), rig registry, rig locator, rigs (whose exports make
    /// Dolt commits through the store's <see cref="Actors.Dolt.IDoltSync"/>). <paramref name="config"/> is the store's
    /// actor-system configuration.
    /// </summary>
    public static IServiceCollection AddBeads(this IServiceCollection services, StorageBackend storage, Config config, string dataDirectory)
    {
        config = Standalone.Applied(config);
        var standalone = Standalone.In(config);
        var certificate = standalone ? null : ClusterCertificate.OfClusterNode(config.GetString(ClusterNodeOptions.CertificateSetting));
        storage.Prepare();
        var locations = new RigLocations();
        return services.AddSingleton(storage).AddSingleton(locations).AddAkka(ClusterNodeOptions.SystemName, (akka, _) =>
        {
            var builder = storage.ActorSystemSetups
                .Aggregate(akka, (builder, setup) => builder.AddSetup(setup))
                .AddHocon(config, HoconAddMode.Prepend)
                .ConfigureLoggers(loggers => loggers.AddLoggerFactory());
            if (certificate is not null) builder.WithMutualTls(certificate).WithLoneNodeJoin();
            builder
                .WithRigRegistry(standalone)
                .WithRigLocator(locations, standalone)
                .WithRigs(RigSettings.From(config) with { Dolt = storage.Dolt }, standalone);
        });
    }
}
