using System.Net;
using System.Net.Sockets;
using System.Text;
using Beads.Cli;
using Beads.Cli.Connection;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>
/// bd's exchange on the host's Unix socket, against a server that answers with exactly the bytes each test gives:
/// the request it writes, each way an answer's body may end, and the failures it must report as HttpClient would.
/// </summary>
public sealed class UnixSocketHandlerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bd-socket-").FullName;

    private string SocketPath => Path.Combine(_folder, "bd.sock");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Accepts one connection, reads the request's head and body, answers <paramref name="answer"/> (as given), and closes.</summary>
    private Task<string> AnswerOnce(params string[] answer) => Serve(connection =>
    {
        var request = ReadRequest(connection);
        foreach (var part in answer)
        {
            connection.Send(Encoding.UTF8.GetBytes(part));
            Thread.Sleep(5); // the answer arrives in pieces, as it may from a real host
        }
        return request;
    });

    /// <summary>
    /// Listens on the socket and holds one conversation with the first caller, on a thread of its own: the handler
    /// blocks the caller's thread, and a server waiting for a pool thread meanwhile would look like a slow host.
    /// </summary>
    private Task<string> Serve(Func<Socket, string> conversation)
    {
        var listener = Listen();
        return Task.Factory.StartNew(() =>
        {
            using (listener)
            using (var connection = listener.Accept())
            {
                var request = conversation(connection);
                connection.Shutdown(SocketShutdown.Both);
                return request;
            }
        }, TaskCreationOptions.LongRunning);
    }

    /// <summary>A socket that takes callers into its backlog, and answers nobody unless accepted.</summary>
    private Socket Listen()
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        listener.Listen();
        return listener;
    }

    private static string ReadRequest(Socket connection)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var text = received.ToString();
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var length = text.Split("\r\n").FirstOrDefault(line => line.StartsWith("Content-Length: ", StringComparison.Ordinal)) is { } header
                    ? int.Parse(header["Content-Length: ".Length..])
                    : 0;
                if (text.Length - headEnd - 4 >= length) return text;
            }
            var count = connection.Receive(buffer);
            if (count == 0) return received.ToString();
            received.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }
    }

    private HttpClient Client(TimeSpan? timeout = null) =>
        new(new UnixSocketHandler(SocketPath, timeout ?? TimeSpan.FromSeconds(10))) { BaseAddress = new Uri("http://beads/") };

    [Fact]
    public async Task A_post_is_written_as_one_HTTP_1_1_request_that_closes_the_connection()
    {
        var server = AnswerOnce("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        using var http = Client();
        http.DefaultRequestHeaders.Authorization = new("Bearer", "secret");

        using var response = await http.PostAsync("v1/rig?x=1", new StringContent("{\"a\":1}", Encoding.UTF8, "application/json"));
        var request = await server;

        Assert.StartsWith("POST /v1/rig?x=1 HTTP/1.1\r\n", request);
        Assert.Contains("\r\nHost: beads\r\n", request);
        Assert.Contains("\r\nConnection: close\r\n", request);
        Assert.Contains("\r\nAuthorization: Bearer secret\r\n", request);
        Assert.Contains("\r\nContent-Type: application/json; charset=utf-8\r\n", request);
        Assert.EndsWith("\r\nContent-Length: 7\r\n\r\n{\"a\":1}", request);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_of_a_given_length_a_chunked_body_and_a_body_up_to_the_close_are_each_read_whole()
    {
        var body = new string('x', 40_000); // larger than the handler's buffer
        string[][] answers =
        [
            [$"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n", body[..100], body[100..]],
            ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", $"{30_000:x}\r\n{body[..30_000]}\r\n", $"{10_000:X};ext=1\r\n{body[30_000..]}\r\n", "0\r\n\r\n"],
            ["HTTP/1.1 200 OK\r\n\r\n", body[..20_000], body[20_000..]],
        ];
        foreach (var answer in answers)
        {
            var server = AnswerOnce(answer);
            using var http = Client();
            using var response = await http.GetAsync("v1/health");
            Assert.Equal(body, await response.Content.ReadAsStringAsync());
            await server;
            File.Delete(SocketPath);
        }
    }

    [Fact]
    public async Task A_refusal_keeps_its_status_and_its_headers()
    {
        var server = AnswerOnce("HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\nX-Beads: 1\r\nContent-Length: 13\r\n\r\n", "{\"code\":\"no\"}");
        using var http = Client();

        using var response = await http.GetAsync("v1/rigs/nope");
        await server;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", response.Headers.GetValues("X-Beads").Single());
        Assert.Equal("{\"code\":\"no\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_stream_of_events_is_read_as_it_arrives()
    {
        var secondEvent = new ManualResetEventSlim();
        var server = Serve(connection =>
        {
            var request = ReadRequest(connection);
            connection.Send(Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"));
            connection.Send(Encoding.UTF8.GetBytes("9\r\ndata: 1\n\n\r\n"));
            secondEvent.Wait(TimeSpan.FromSeconds(30)); // the first event is read before the second is even sent
            connection.Send(Encoding.UTF8.GetBytes("9\r\ndata: 2\n\n\r\n0\r\n\r\n"));
            return request;
        });
        using var http = Client(TimeSpan.FromSeconds(2));

        using var response = await http.GetAsync("v1/feed", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("data: 1", await reader.ReadLineAsync());
        await Task.Delay(2500); // longer than the answer's timeout: a quiet stream is not a missing answer
        secondEvent.Set();
        Assert.Equal("", await reader.ReadLineAsync());
        Assert.Equal("data: 2", await reader.ReadLineAsync());
        await server;
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_fails_as_HttpClient_fails_with_the_socket_error_inside()
    {
        using var http = Client();
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new UnixDomainSocketEndPoint(SocketPath)); // a socket file that nobody listens on: a host that died
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("v1/health"));
            Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);
        }

        File.Delete(SocketPath);
        var missing = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("v1/health"));
        Assert.Equal(SocketError.AddressNotAvailable, Assert.IsType<SocketException>(missing.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task An_answer_that_does_not_come_in_time_is_a_timeout_and_a_broken_one_an_error()
    {
        using (Listen())
        {
            using var http = Client(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAsync<TaskCanceledException>(() => http.GetAsync("v1/health")); // accepted by the backlog, never answered
        }
        File.Delete(SocketPath);

        var server = AnswerOnce("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"cut\":");
        using var client = Client();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("v1/health"));
        await server;
        File.Delete(SocketPath);

        server = AnswerOnce("garbage\r\n\r\n");
        var malformed = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("v1/health"));
        Assert.Contains("status line", malformed.Message);
        await server;
    }

    [Fact]
    public async Task An_answer_the_host_breaks_off_is_reported_as_unreachable_and_says_a_change_may_have_been_made()
    {
        var server = AnswerOnce("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n", "{\"status\":");
        using var client = new HostClient(new HostEndpoint(SocketPath, null, 0), token: null);

        var broken = await Assert.ThrowsAsync<CliException>(() => client.Get<HealthStatus>(GatewayRoutes.Health, CancellationToken.None));
        await server;

        Assert.Equal(ExitCodes.Unreachable, broken.ExitCode);
        Assert.Contains("stopped in the middle of its answer", broken.Message);
        Assert.Contains("may or may not have been made", broken.Message);
    }

    [Fact]
    public async Task An_interrupted_wait_is_a_cancellation()
    {
        using (Listen())
        {
            using var http = Client();
            using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var started = DateTime.UtcNow;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.GetAsync("v1/health", interrupt.Token));
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), "the wait ended with the interrupt, not the timeout");
        }
    }
}
