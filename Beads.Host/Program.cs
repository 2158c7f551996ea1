using System.Net;
using Beads.Actors.Configuration;
using Beads.Actors.Persistence;
using Beads.Host;
using Beads.Host.Gateway;
using Beads.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The host runs until SIGTERM, Ctrl-C or `bd host stop`; the generic host then runs Akka's coordinated shutdown,
// which hands rigs off and lets their writes in flight finish before the process exits. A host that cannot start
// says why on stderr and exits with 1; it never aborts with a stack trace.
try
{
    var settings = HostConfiguration.Read(args, Environment.GetEnvironmentVariables(), BeadsConfig.Load(""));
    if (settings.Help)
    {
        Console.WriteLine(HostConfiguration.Usage);
        return 0;
    }
    if (settings.NewClusterCertificate is { } certificateFile) return NewClusterCertificate(certificateFile);
    return await RunHost(settings);
}
catch (HostUsageException e)
{
    Console.Error.WriteLine($"Error: {e.Message}");
    return 2;
}
catch (Exception e)
{
    Console.Error.WriteLine($"Error: {StartFailure.Explain(e)}");
    return 1;
}

static async Task<int> RunHost(HostSettings settings)
{
    var options = BeadsHostOptions.From(settings);
    var storage = options.SelectStorage();
    var config = storage.ActorSystemConfig(options.HoconOverrides);
    var gateway = GatewayOptions.From(settings, config, options.DataDirectory);
    using var tlsCertificate = gateway.TlsCertificate is { } tlsFile ? ClusterCertificate.Load(tlsFile, "--tls-cert") : null;
    using var dataDirectory = DataDirectoryLock.Acquire(options.DataDirectory, gateway.SocketPath);
    if (GatewayEndpoints.IsSocketAlive(gateway.SocketPath))
    {
        Console.Error.WriteLine($"Error: a Beads host already answers on {gateway.SocketPath}: use it, or stop it with `bd host stop`");
        return 1;
    }
    PrepareSocketFolder(gateway.SocketPath);

    // The flags are the host's own (HostConfiguration), not configuration keys for ASP.NET Core.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions());
    builder.Logging.ClearProviders().AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.UseUtcTimestamp = true;
        console.TimestampFormat = "HH:mm:ss.fff ";
    });
    // ASP.NET Core logs five lines for every request at Information: the log would grow with every bd command.
    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        kestrel.Limits.RequestHeadersTimeout = gateway.RequestHeadersTimeout;
        kestrel.Limits.KeepAliveTimeout = gateway.KeepAliveTimeout;
        kestrel.ListenUnixSocket(gateway.SocketPath);
        var tcpLimit = new TcpConnectionLimit(gateway.TcpMaxConnections);
        if (gateway.TcpAddress is { } tcp)
        {
            kestrel.Listen(IPEndPoint.Parse(tcp), listen =>
            {
                listen.Use(tcpLimit.Around); // first, so that it counts connections still in their TLS handshake
                if (tlsCertificate is not null) listen.UseHttps(tlsCertificate);
            });
        }
    });
    builder.Services.AddSingleton(gateway).AddSingleton<RigGateway>().AddSingleton<FeedEndpoint>().AddBeads(storage, config, options.DataDirectory)
        .AddSingleton(services => StoreFileWatch.For(storage, services.GetRequiredService<ILogger<StoreFileWatch>>()))
        .AddHostedService<IdleMemoryTrim>();

    var app = builder.Build();
    app.Services.GetRequiredService<StoreFileWatch>(); // now, so that it knows the store file the host opened
    app.MapBeadsGateway(GatewayToken.LoadOrCreate(gateway.TokenFile), options);
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        File.SetUnixFileMode(gateway.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        app.Logger.LogInformation("Beads host {Version} answering on {Socket}{Tcp}; store: {Store}",
            GatewayEndpoints.Version, gateway.SocketPath, gateway.TcpAddress is not { } tcp ? ""
                : tlsCertificate is null ? $" and tcp://{tcp}"
                : $" and https://{tcp} (certificate SHA-256 {CertificateFingerprint.Of(tlsCertificate)})",
            storage.Description);
    });
    await app.RunAsync();
    return 0;
}

static int NewClusterCertificate(string file)
{
    using var certificate = ClusterCertificate.Create(file);
    Console.WriteLine($"Wrote the cluster certificate {file} (thumbprint {certificate.Thumbprint}, mode 0600). Copy it to every " +
                      $"node, readable by the host's user only, and start each with --cluster-cert {file}: a node without it " +
                      "cannot join, send or answer.");
    return 0;
}

// The socket's folder is private (0700 and ours, see SocketFolder), so nobody else can reach the socket even in the
// moment before it is 0600, nor put one of their own in its place; a socket file left by a host that died is removed.
static void PrepareSocketFolder(string socketPath)
{
    if (SocketFolder.Problem(Path.GetDirectoryName(socketPath)!) is { } problem) throw new HostStartException(problem);
    if (File.Exists(socketPath)) File.Delete(socketPath);
}
