using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Beads.Protocol;

namespace Beads.Cli.Connection;

/// <summary>Talks to a Beads host's gateway: one HTTP request per message, over its Unix socket or TCP.</summary>
public sealed class HostClient : IDisposable
{
    private readonly HttpClient _http;

    public HostClient(HostEndpoint endpoint, string? token)
    {
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (endpoint.SocketPath is { } socketPath)
        {
            handler.ConnectCallback = async (_, cancellation) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        _http = new HttpClient(handler)
        {
            BaseAddress = new Uri(endpoint.IsUnixSocket ? "http://beads/" : $"http://{endpoint.Host}:{endpoint.Port}/"),
            Timeout = TimeSpan.FromSeconds(120),
        };
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public HostEndpoint Endpoint { get; }

    /// <summary>Sends one message to its rig; the reply, or a <see cref="CliException"/> that explains the refusal.</summary>
    public async Task<T> Send<T>(IRigMessage message, CancellationToken cancellation) where T : IRigReply
    {
        var body = JsonSerializer.Serialize(message, ProtocolJson.Info<IRigMessage>());
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Call(() => _http.PostAsync(GatewayRoutes.Rig, content, cancellation));
        var reply = await Read(response, ProtocolJson.Info<IRigReply>(), cancellation);
        return reply is T expected ? expected : throw new CliException(ExitCodes.Unreachable, "protocol",
            $"the host answered {reply.GetType().Name} where {typeof(T).Name} was expected: make sure bd and the host are the same version (`bd version`)");
    }

    /// <summary>Sends one request body to a gateway path and reads the reply, or the refusal as a <see cref="CliException"/>.</summary>
    public async Task<TReply> Post<TRequest, TReply>(string path, TRequest body, CancellationToken cancellation)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body, ProtocolJson.Info<TRequest>()), Encoding.UTF8, "application/json");
        using var response = await Call(() => _http.PostAsync(path, content, cancellation));
        return await Read(response, ProtocolJson.Info<TReply>(), cancellation);
    }

    public async Task<T> Get<T>(string path, CancellationToken cancellation)
    {
        using var response = await Call(() => _http.GetAsync(path, cancellation));
        return await Read(response, ProtocolJson.Info<T>(), cancellation);
    }

    public async Task Post(string path, CancellationToken cancellation)
    {
        using var response = await Call(() => _http.PostAsync(path, null, cancellation));
        if (!response.IsSuccessStatusCode) await Read(response, ProtocolJson.Info<ProblemReply>(), cancellation);
    }

    /// <summary>Whether a host answers its health check right now.</summary>
    public async Task<HealthStatus?> TryHealth(CancellationToken cancellation)
    {
        try
        {
            return await Get<HealthStatus>(GatewayRoutes.Health, cancellation);
        }
        catch (CliException)
        {
            return null;
        }
    }

    /// <summary>
    /// Called when the socket exists but nobody listens (a host that died): it may start a new host, after which
    /// the request is tried once more. Nothing reached a host in that case, so the retry cannot apply a change twice.
    /// </summary>
    public Func<Task>? OnNobodyListening { get; set; }

    private async Task<HttpResponseMessage> Call(Func<Task<HttpResponseMessage>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException e) when (OnNobodyListening is { } restart && IsNobodyListening(e))
        {
            OnNobodyListening = null;
            await restart();
            return await Call(call);
        }
        catch (HttpRequestException e)
        {
            throw CliException.Unreachable(
                $"no Beads host answers on {Endpoint} ({e.InnerException?.Message ?? e.Message}): start one with `bd host start`, or check BD_HOST");
        }
        catch (TaskCanceledException) when (!_http.Timeout.Equals(Timeout.InfiniteTimeSpan))
        {
            throw CliException.Unreachable($"the host on {Endpoint} did not answer within {_http.Timeout.TotalSeconds:0} s: check `bd host status`");
        }
    }

    private static bool IsNobodyListening(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.AddressNotAvailable };

    private static async Task<T> Read<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellation)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellation);
        if (response.IsSuccessStatusCode)
            return await JsonSerializer.DeserializeAsync(stream, type, cancellation)
                   ?? throw CliException.Unreachable("the host sent an empty answer");
        ProblemReply? problem = null;
        try
        {
            problem = await JsonSerializer.DeserializeAsync(stream, ProtocolJson.Info<ProblemReply>(), cancellation);
        }
        catch (JsonException)
        {
            // Not one of ours: reported by status below.
        }
        if (problem is null)
            throw CliException.Unreachable($"the host answered HTTP {(int)response.StatusCode} without an explanation");
        var exitCode = response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.Unauthorized
            ? ExitCodes.Unreachable
            : ExitCodes.Refused;
        throw new CliException(exitCode, problem.Code, problem.Detail);
    }

    public void Dispose() => _http.Dispose();
}
