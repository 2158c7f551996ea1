using System.Net.Sockets;
using System.Reflection;
using Akka.Actor;
using Beads.Actors.Cluster;
using Beads.Actors.Configuration;
using Beads.Actors.Persistence;
using Beads.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Beads.Host.Gateway;

public static class GatewayEndpoints
{
    public static string Version =>
        typeof(GatewayEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";

    /// <summary>The gateway's HTTP API: health, the rig message endpoint, SQL queries, the rig directory and host control.</summary>
    public static WebApplication MapBeadsGateway(this WebApplication app, string token, BeadsHostOptions options)
    {
        app.Use(async (context, next) =>
        {
            // The Unix socket is private to its owner (0600); anything arriving over TCP must show the token.
            var local = context.Connection.LocalIpAddress is null;
            var presented = context.Request.Headers.Authorization.ToString();
            if (local || GatewayToken.Matches($"Bearer {token}", presented))
            {
                await next(context);
                return;
            }
            await Problems.Problem(Problems.Unauthorized,
                    "this host needs a bearer token over TCP: set BD_TOKEN to the token in the host's data directory (gateway.token)")
                .ExecuteAsync(context);
        });

        app.MapGet(GatewayRoutes.Health, (ActorSystem system, StorageBackend storage, StoreFileWatch store) => Results.Json(new HealthStatus(
            store.Problem() is null ? "ok" : "store_lost", Version,
            system.SelfAddress().ToString(), Environment.ProcessId, options.DataDirectory, storage.Description)
        {
            SchemaVersion = StoreSchema.Version,
            Tables = [.. ProjectedTables.All.Select(table => table.Name).Where(name => name != ProjectedTables.Offsets.Definition.Name)],
        }, GatewayJson.Options));

        app.MapPost(GatewayRoutes.Rig, async (HttpRequest request, RigGateway gateway, CancellationToken cancellation) =>
        {
            var (message, problem) = await RequestBody.Read<IRigMessage>(request, "a Beads message", cancellation);
            return problem ?? await gateway.Forward(message!, request.HttpContext, cancellation);
        });

        app.MapGet(GatewayRoutes.Feed, (HttpRequest request, FeedEndpoint feed, CancellationToken cancellation) =>
            feed.Serve(request, cancellation));

        app.MapPost(GatewayRoutes.Sql, (HttpRequest request, StorageBackend storage, GatewayOptions gateway, CancellationToken cancellation) =>
            SqlEndpoint.Run(request, storage, gateway, cancellation));

        app.MapGet(GatewayRoutes.Rigs, async (RigGateway gateway, CancellationToken cancellation) =>
            Results.Json(await gateway.Rigs(cancellation), GatewayJson.Options));

        app.MapGet(GatewayRoutes.RigByPrefixTemplate, async (string prefix, RigGateway gateway, CancellationToken cancellation) =>
        {
            var rig = await gateway.RigByPrefix(prefix, cancellation);
            return rig is null
                ? Problems.Problem(ErrorCodes.NotFound, $"no rig owns the id prefix '{prefix}': see the rigs with `bd host status`")
                : Results.Json(new RigDirectory([rig]), GatewayJson.Options);
        });

        app.MapGet(GatewayRoutes.HostStatus, async (ActorSystem system, RigGateway gateway, CancellationToken cancellation) =>
            Results.Json(await gateway.Status(system, cancellation), GatewayJson.Options));

        app.MapPost(GatewayRoutes.Shutdown, (IHostApplicationLifetime lifetime) =>
        {
            lifetime.StopApplication();
            return Results.Accepted();
        });
        return app;
    }

    /// <summary>Whether something already answers on this socket (another host), as opposed to a stale file.</summary>
    public static bool IsSocketAlive(string path)
    {
        if (!File.Exists(path)) return false;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
