using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Beads.Protocol;

namespace Beads.Cli.Connection;

/// <summary>
/// Talks to a Beads host's gateway: one HTTP request per message, over its Unix socket or TCP. Given several endpoints
/// (nodes of one cluster, BD_HOST=a,b,c), it tries them in order and moves to the next when one cannot be reached or
/// drops the connection before answering. Every request it sends may safely arrive twice: reads, and commands, which
/// carry a request id that bd chooses (a <see cref="DeliverOnce"/>), so that the rig applies a command resent through
/// another node only once and answers the copy as it answered the first.
/// </summary>
public sealed class HostClient : IDisposable
{
    private readonly IReadOnlyList<HostEndpoint> _endpoints;
    private readonly HttpClient?[] _clients;
    private readonly string? _token;
    private readonly string? _fingerprint;
    private readonly List<string> _unanswered = [];
    private int _current;

    public HostClient(HostEndpoint endpoint, string? token) : this([endpoint], token)
    {
    }

    /// <param name="endpoints">The nodes to try, in order.</param>
    /// <param name="token">The bearer token for TCP endpoints.</param>
    /// <param name="fingerprint">
    /// The SHA-256 (<see cref="CertificateFingerprint"/>) an https endpoint's certificate must have; null trusts the
    /// system's certificate authorities instead.
    /// </param>
    public HostClient(IReadOnlyList<HostEndpoint> endpoints, string? token, string? fingerprint = null)
    {
        if (endpoints.Count == 0) throw new ArgumentException("no host endpoint given", nameof(endpoints));
        _endpoints = endpoints;
        _clients = new HttpClient?[endpoints.Count];
        _token = token;
        _fingerprint = fingerprint;
    }

    /// <summary>The endpoint in use: the first, or the one that answered after earlier ones did not.</summary>
    public HostEndpoint Endpoint => _endpoints[_current];

    public IReadOnlyList<HostEndpoint> Endpoints => _endpoints;

    /// <summary>The endpoints that did not answer so far, each with why.</summary>
    public IReadOnlyList<string> Unanswered => _unanswered;

    /// <summary>Sends one message to its rig; the reply, or a <see cref="CliException"/> that explains the refusal.</summary>
    /// <param name="noAutoFlush">bd's --no-auto-flush, an option of a command's request (<see cref="DeliverOnce.NoAutoFlush"/>).</param>
    /// <param name="idempotencyKey">The change's own name (<see cref="DeliverOnce.IdempotencyKey"/>), or null.</param>
    public async Task<T> Send<T>(IRigMessage message, CancellationToken cancellation, bool noAutoFlush = false,
        string? idempotencyKey = null) where T : IRigReply
    {
        // One request id for every copy of a command, whichever node each copy goes through.
        var envelope = message is IRigCommand command
            ? DeliverOnce.Of(command) with { NoAutoFlush = noAutoFlush, IdempotencyKey = idempotencyKey }
            : message;
        var json = ExchangeJson.For(envelope, typeof(T));
        var body = JsonSerializer.Serialize(envelope, json.Message);
        using var response = await Call(http => PostJson(http, GatewayRoutes.Rig, body, Completion, cancellation), cancellation);
        try
        {
            return (T)await Read(response, json.Reply, cancellation);
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Unreachable, "protocol",
                $"the host's answer is not the {typeof(T).Name} bd expected ({e.Message}): make sure bd and the host are the same version (`bd version`)");
        }
    }

    /// <summary>Sends one request body to a gateway path and reads the reply, or the refusal as a <see cref="CliException"/>.</summary>
    public async Task<TReply> Post<TRequest, TReply>(string path, TRequest body, CancellationToken cancellation)
    {
        var json = JsonSerializer.Serialize(body, ProtocolJson.Info<TRequest>());
        using var response = await Call(http => PostJson(http, path, json, Completion, cancellation), cancellation);
        return await Read(response, ProtocolJson.Info<TReply>(), cancellation);
    }

    public async Task<T> Get<T>(string path, CancellationToken cancellation)
    {
        using var response = await Call(http => http.GetAsync(path, Completion, cancellation), cancellation);
        return await Read(response, ProtocolJson.Info<T>(), cancellation);
    }

    /// <summary>
    /// Reads a gateway stream of Server-Sent Events (the change feed) until it ends, or its refusal as a
    /// <see cref="CliException"/>. <paramref name="lastEventId"/> resumes a stream that broke off.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> Events(string path, string? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        using var response = await Call(async http =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        }, cancellation);
        if (!response.IsSuccessStatusCode) await Read(response, ProtocolJson.Info<ProblemReply>(), cancellation);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellation);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellation)) yield return item;
    }

    /// <summary>Posts to a path without a body, to the endpoint in use only (host control: never another node).</summary>
    public async Task Post(string path, CancellationToken cancellation)
    {
        using var response = await Call(async http =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            return await http.SendAsync(request, Completion, cancellation);
        }, cancellation, toAnotherNode: false);
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

    /// <summary>
    /// From the one local host the answer is read as it arrives, straight into its reader, rather than copied whole
    /// into a buffer first (UnixSocketHandler bounds each read itself). With several nodes HttpClient reads it whole
    /// inside <see cref="Call"/>, so that an answer broken off is asked again of the next node.
    /// </summary>
    private HttpCompletionOption Completion => Endpoint.IsUnixSocket && _endpoints.Count == 1
        ? HttpCompletionOption.ResponseHeadersRead
        : HttpCompletionOption.ResponseContentRead;

    private static async Task<HttpResponseMessage> PostJson(HttpClient http, string path, string json, HttpCompletionOption completion,
        CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        // A large body waits for the gateway's go-ahead, so that a refusal (too large) is heard instead of a broken pipe.
        request.Headers.ExpectContinue = json.Length > LargeBody;
        return await http.SendAsync(request, completion, cancellation);
    }

    private const int LargeBody = 1 << 20;

    private async Task<HttpResponseMessage> Call(Func<HttpClient, Task<HttpResponseMessage>> call, CancellationToken cancellation,
        bool toAnotherNode = true)
    {
        while (true)
        {
            try
            {
                return await call(Http(_current));
            }
            catch (HttpRequestException e) when (OnNobodyListening is { } restart && IsNobodyListening(e))
            {
                OnNobodyListening = null;
                await restart();
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellation.IsCancellationRequested))
            {
                _unanswered.Add(e is TaskCanceledException
                    ? $"{Endpoint} did not answer within {AnswerTimeout.TotalSeconds:0} s"
                    : e.InnerException is AuthenticationException
                        ? $"{Endpoint} showed a certificate bd does not trust ({e.InnerException.Message.TrimEnd('.')}): set {CertificateFingerprint.Variable} to the SHA-256 the host printed at start"
                        : $"{Endpoint}: {e.InnerException?.Message ?? e.Message}");
                if (!toAnotherNode || _current + 1 == _endpoints.Count) throw NoAnswer();
                _current++;
            }
        }
    }

    private CliException NoAnswer() => _endpoints.Count == 1
        ? CliException.Unreachable($"no Beads host answers: {_unanswered[^1]}: start one with `bd host start`, or check BD_HOST")
        : CliException.Unreachable($"no Beads host answers ({string.Join("; ", _unanswered)}): check BD_HOST, and `bd host status` through a node that runs");

    /// <summary>How long one request may wait for its answer (the gateway itself gives up on a rig after 30 s).</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(120);

    private HttpClient Http(int index) => _clients[index] ??= Connect(_endpoints[index]);

    private HttpClient Connect(HostEndpoint endpoint)
    {
        HttpClient http;
        if (endpoint.SocketPath is { } socketPath)
        {
            if (SocketFolder.Problem(Path.GetDirectoryName(socketPath)!) is { } problem) throw CliException.Unreachable(problem);
            // The handler bounds the wait itself, without HttpClient's timer.
            http = new HttpClient(new UnixSocketHandler(socketPath, AnswerTimeout))
            {
                BaseAddress = new Uri("http://beads/"),
                Timeout = Timeout.InfiniteTimeSpan,
            };
        }
        else
        {
            var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) };
            if (endpoint.Tls && _fingerprint is { } pinned)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && CertificateFingerprint.Of(certificate) == pinned;
            }
            http = new HttpClient(handler)
            {
                BaseAddress = new Uri($"{(endpoint.Tls ? "https" : "http")}://{endpoint.Host}:{endpoint.Port}/"),
                Timeout = AnswerTimeout,
            };
        }
        if (_token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return http;
    }

    private static bool IsNobodyListening(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.AddressNotAvailable };

    private async Task<T> Read<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellation)
    {
        try
        {
            return await ReadAnswer(response, type, cancellation);
        }
        catch (IOException e) when (!cancellation.IsCancellationRequested)
        {
            // Only an answer read as it arrives (Completion) can break off here: its host went away mid-answer.
            throw CliException.Unreachable(
                $"{Endpoint} stopped in the middle of its answer ({e.Message}): a change bd sent may or may not have been made (`bd show` or `bd list` tells); see `bd host status`");
        }
    }

    private static async Task<T> ReadAnswer<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellation)
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

    public void Dispose()
    {
        foreach (var http in _clients) http?.Dispose();
    }
}
