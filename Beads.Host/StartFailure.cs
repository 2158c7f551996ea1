using System.Net.Sockets;
using Akka.Remote;
using Beads.Actors.Persistence;
using Microsoft.AspNetCore.Connections;

namespace Beads.Host;

/// <summary>What to tell the person who started a host that could not start: what failed, and what to change.</summary>
public static class StartFailure
{
    public static string Explain(Exception failure)
    {
        var causes = Chain(failure).ToList();
        if (causes.OfType<StoreSetupException>().FirstOrDefault() is { } store) return store.Message;
        if (causes.OfType<HostStartException>().FirstOrDefault() is { } refused) return refused.Message;
        if (causes.OfType<RemoteTransportException>().FirstOrDefault() is { } remoting && AddressInUse(causes))
            return $"the host could not open its cluster port ({remoting.Message.Replace("See InnerException for details.", "").Trim().TrimEnd('.')}): " +
                   "another program holds it. Give --cluster-port (or BEADS_CLUSTER_PORT) a free port, or 0 to let the system pick one";
        if (causes.OfType<AddressInUseException>().FirstOrDefault() is { } gateway)
            return $"the host could not open its gateway ({gateway.Message.TrimEnd('.')}): another program holds that address. " +
                   "Give --tcp another host:port, or leave it out to listen on the Unix socket only";
        if (causes.OfType<ArgumentException>().FirstOrDefault() is { } setting) return setting.Message;
        return $"the host could not start: {causes[^1].Message.TrimEnd('.')} ({causes[^1].GetType().Name}); the lines logged above say more";
    }

    private static bool AddressInUse(IEnumerable<Exception> causes) =>
        causes.OfType<SocketException>().Any(e => e.SocketErrorCode == SocketError.AddressAlreadyInUse);

    /// <summary>The exception and every exception inside it, outermost first (aggregates flattened).</summary>
    private static IEnumerable<Exception> Chain(Exception failure)
    {
        yield return failure;
        var inner = failure is AggregateException aggregate ? aggregate.InnerExceptions : failure.InnerException is { } one ? [one] : [];
        foreach (var cause in inner.SelectMany(Chain)) yield return cause;
    }
}
