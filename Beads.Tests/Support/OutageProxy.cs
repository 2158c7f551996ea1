using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Beads.Tests.Support;

/// <summary>
/// A TCP proxy in front of the test server that plays a database outage without stopping the server other tests
/// share: while it is <see cref="Cut"/>, open connections are reset and new ones are closed as soon as they arrive,
/// which is what a client sees of a stopped server. <see cref="Restore"/> lets connections through again.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Socket, Socket> _links = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private volatile bool _down;

    public OutageProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = Accept();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        _down = true;
        foreach (var (client, server) in _links)
        {
            Reset(client);
            Reset(server);
        }
        _links.Clear();
    }

    public void Restore() => _down = false;

    private async Task Accept()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (_down)
            {
                Reset(client);
                continue;
            }
            _ = Link(client);
        }
    }

    private async Task Link(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Reset(client);
            server.Dispose();
            return;
        }
        _links[client] = server;
        await Task.WhenAny(Pump(client, server), Pump(server, client));
        _links.TryRemove(client, out _);
        Reset(client);
        Reset(server);
    }

    private async Task Pump(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, _stopping.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the link is over
        }
    }

    /// <summary>Closes at once with a reset, as a crashed server's connections end.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // already gone
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        Cut();
        _stopping.Dispose();
    }
}
