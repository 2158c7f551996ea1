using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Beads.Cli.Connection;

/// <summary>
/// One HTTP/1.1 exchange per request with the host on its Unix socket, on the calling thread: a blocking connect,
/// write and read, <c>Connection: close</c>. bd sends one request per command, so HttpClient's own handler
/// (connection pool, epoll thread, thread-pool continuations, the timeout's timer) was most of a command's client-side
/// cost (BENCHMARKS.md, "The CLI's floor"); TCP and TLS endpoints keep that handler. The answer's body is read as it
/// arrives (Content-Length, chunked, or up to the close), so a stream of events is followed like any other answer.
/// Failures surface as HttpClient's do: <see cref="HttpRequestException"/> around the socket's error, and
/// <see cref="TaskCanceledException"/> when no answer's head arrives within the timeout.
/// </summary>
public sealed class UnixSocketHandler(string socketPath, TimeSpan answerTimeout) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation) =>
        Task.FromResult(Send(request, cancellation));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        {
            ReceiveTimeout = (int)answerTimeout.TotalMilliseconds,
        };
        // Ctrl-C while bd waits: shutting the socket down ends the blocking call (closing it alone would not wake a
        // thread blocked in it), which then reports the cancellation.
        var onCancel = cancellation.Register(() => Interrupt(socket));
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            var stream = new NetworkStream(socket, ownsSocket: true);
            WriteRequest(stream, request);
            var response = new AnswerReader(stream, onCancel).ReadHead(request);
            // A stream of events may stay quiet for long; only the wait for the answer's head is bounded.
            if (response.Content.Headers.ContentType?.MediaType == "text/event-stream") socket.ReceiveTimeout = 0;
            return response;
        }
        catch (Exception e)
        {
            onCancel.Dispose();
            socket.Dispose();
            if (AsHttpClientFails(e, cancellation) is { } failure) throw failure;
            throw;
        }
    }

    /// <summary>The exception HttpClient's own handler would have thrown for <paramref name="e"/>; null to let it pass.</summary>
    private Exception? AsHttpClientFails(Exception e, CancellationToken cancellation) => e switch
    {
        _ when cancellation.IsCancellationRequested => new TaskCanceledException("bd was interrupted", e, cancellation),
        IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut } } =>
            new TaskCanceledException($"no answer within {answerTimeout.TotalSeconds:0} s", e),
        SocketException or IOException => new HttpRequestException(e.Message, e),
        _ => null,
    };

    private static void Interrupt(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Not connected yet, or done already: nothing blocks on it.
        }
        socket.Dispose();
    }

    private static void WriteRequest(NetworkStream stream, HttpRequestMessage request)
    {
        var body = request.Content?.ReadAsByteArrayAsync().GetAwaiter().GetResult() ?? [];
        var head = new StringBuilder()
            .Append(request.Method.Method).Append(' ').Append(request.RequestUri!.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: beads\r\nConnection: close\r\n");
        // The body follows the head at once: a gateway that refuses it (too large) answers before reading it all,
        // and that answer is read below even when the rest of the body no longer fits through the socket.
        foreach (var (name, values) in request.Headers)
            if (!name.Equals("Expect", StringComparison.OrdinalIgnoreCase) && !name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                head.Append(name).Append(": ").AppendJoin(", ", values).Append("\r\n");
        if (request.Content is not null)
            foreach (var (name, values) in request.Content.Headers)
                if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    head.Append(name).Append(": ").AppendJoin(", ", values).Append("\r\n");
        if (request.Content is not null || request.Method != HttpMethod.Get) head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        head.Append("\r\n");
        try
        {
            stream.Write(Encoding.ASCII.GetBytes(head.ToString()));
            stream.Write(body);
        }
        catch (IOException)
        {
            // The gateway closed its side early, having answered already (a refusal); read that answer.
        }
    }

    /// <summary>Reads an answer's head, then serves its body as a stream that ends where the body ends.</summary>
    private sealed class AnswerReader(NetworkStream socket, CancellationTokenRegistration onCancel) : Stream
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;
        private long _left; // bytes left in the body (Content-Length) or in the current chunk
        private bool _chunked;
        private bool _done;

        public HttpResponseMessage ReadHead(HttpRequestMessage request)
        {
            var status = ReadLine() ?? throw new IOException("the host closed the connection without answering");
            var parts = status.Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(parts[1], out var code))
                throw new IOException($"the host's answer does not begin with an HTTP status line: '{status}'");
            var response = new HttpResponseMessage((HttpStatusCode)code) { RequestMessage = request, Version = HttpVersion.Version11 };
            var content = new StreamContent(this);
            long? length = null;
            string? line;
            while ((line = ReadLine()) is { Length: > 0 })
            {
                var colon = line.IndexOf(':');
                if (colon <= 0) throw new IOException($"the host's answer has a malformed header line: '{line}'");
                var name = line[..colon];
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                    _chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && long.TryParse(value, out var n))
                    length = n;
                if (!response.Headers.TryAddWithoutValidation(name, value)) content.Headers.TryAddWithoutValidation(name, value);
            }
            if (line is null) throw new IOException("the host closed the connection in the middle of its answer's head");
            if (!_chunked)
            {
                _left = length ?? long.MaxValue; // without a length, the body runs until the host closes
                _done = _left == 0;
            }
            response.Content = content;
            return response;
        }

        public override int Read(Span<byte> into)
        {
            if (_done || into.Length == 0) return 0;
            if (_chunked && _left == 0 && !NextChunk()) return 0;
            if (_start == _end && !Fill())
            {
                if (_left == long.MaxValue) return Finish();
                throw new IOException("the host closed the connection in the middle of its answer");
            }
            var count = (int)Math.Min(Math.Min(into.Length, _end - _start), _left);
            _buffer.AsSpan(_start, count).CopyTo(into);
            _start += count;
            if (_left != long.MaxValue) _left -= count;
            if (!_chunked && _left == 0) _done = true;
            return count;
        }

        /// <summary>Reads the next chunk's size line (after the previous chunk's CRLF); false at the last chunk.</summary>
        private bool NextChunk()
        {
            var size = ReadLine();
            if (size == "") size = ReadLine(); // the CRLF that ends the chunk before
            if (size is null) throw new IOException("the host closed the connection in the middle of its answer");
            var digits = size.Split(';', 2)[0].Trim();
            if (!long.TryParse(digits, System.Globalization.NumberStyles.HexNumber, null, out _left))
                throw new IOException($"the host's answer has a malformed chunk size: '{size}'");
            if (_left > 0) return true;
            Finish();
            return false;
        }

        private int Finish()
        {
            _done = true;
            return 0;
        }

        private string? ReadLine()
        {
            var line = new StringBuilder();
            while (true)
            {
                if (_start == _end && !Fill()) return null;
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var stop = newline < 0 ? _end : newline;
                line.Append(Encoding.ASCII.GetString(_buffer, _start, stop - _start));
                _start = newline < 0 ? _end : newline + 1;
                if (newline >= 0) return line.ToString().TrimEnd('\r');
            }
        }

        private bool Fill()
        {
            _start = 0;
            _end = socket.Read(_buffer, 0, _buffer.Length);
            return _end > 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellation = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellation) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                onCancel.Dispose();
                socket.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
