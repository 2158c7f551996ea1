using System.Net;
using System.Net.Sockets;

namespace Beads.Tests.Support;

public static class FreePorts
{
    /// <summary>A loopback TCP port nothing listens on right now (the system picks it, then it is released).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
