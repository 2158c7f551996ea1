using Microsoft.AspNetCore.Connections;

namespace Beads.Host.Gateway;

/// <summary>
/// Closes a TCP connection that arrives while <c>limit</c> are open already, before it reads a byte: the token is
/// checked per request, so without this anyone who can reach the port could hold enough idle connections to exhaust
/// the host. Only the TCP listener has it; the Unix socket stays free for its owner whatever happens on TCP.
/// </summary>
public sealed class TcpConnectionLimit(int limit)
{
    private int _open;

    public ConnectionDelegate Around(ConnectionDelegate next) => async connection =>
    {
        if (Interlocked.Increment(ref _open) > limit)
        {
            Interlocked.Decrement(ref _open);
            connection.Abort(new ConnectionAbortedException($"more than {limit} TCP connections are open (beads.gateway.tcp-max-connections)"));
            return;
        }
        try
        {
            await next(connection);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    };
}
