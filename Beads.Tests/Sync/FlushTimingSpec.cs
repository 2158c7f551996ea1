using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
using Beads.Actors.Sync;
using Beads.Protocol;
using Beads.Tests.Domain;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Sync;

/// <summary>Debounce, max wait and realtime coalescing, driven straight at a flush actor with states built by the decider.</summary>
public sealed class FlushTimingSpec(ITestOutputHelper output) : SyncTestKit(output)
{
    private static RigSyncSettings With(string key, string value, RigSyncSettings? settings = null) =>
        SyncSetting.Find(key)!.Apply(settings ?? RigSyncSettings.Default, value)!;

    private IActorRef StartFlush(string home, RigSyncSettings settings, RigState state, JsonlFile? file = null) =>
        Sys.ActorOf(FlushActor.Props("timing", file ?? JsonlFile.In(home), state, settings, "beads.sync-io-dispatcher", ActorRefs.Nobody));

    private async Task<FlushStatus> Status(IActorRef flush) => await flush.Ask<FlushStatus>(GetSyncStatus.Instance, AskTimeout);

    [Fact]
    public async Task Under_constant_changes_the_max_wait_still_flushes()
    {
        var home = NewHome("busy");
        var settings = With("flush-max-wait", "300ms", With("flush-debounce", "1h"));
        var rig = RigBuilder.Initialized();
        var flush = StartFlush(home, settings, rig.State);
        await AwaitAssertAsync(() => Assert.True(File.Exists(JsonlIn(home))), Eventually); // the catch-up of the empty rig

        var flushesBefore = (await Status(flush)).Flushes;
        for (var i = 0; i < 12; i++)
        {
            var id = ((IssueResult)rig.Do(new CreateIssue(RigBuilder.Rig, RigBuilder.Alice, $"busy {i}")).Reply).Issue.Id;
            flush.Tell(new RigChanged(rig.State, [id], AutoFlush: true));
            await Task.Delay(100);
        }

        // A debounce of an hour never ends while changes keep coming every 100 ms: only the max wait flushed.
        Assert.True((await Status(flush)).Flushes > flushesBefore, "nothing was flushed under constant changes");
        await AwaitAssertAsync(() => Assert.Equal(12, IdsInFile(home).Count), Eventually);
    }

    [Fact]
    public async Task Realtime_flushes_soon_after_changes_and_coalesces_those_that_arrive_together()
    {
        var home = NewHome("realtime");
        var rig = RigBuilder.Initialized();
        var flush = StartFlush(home, With("sync.mode", "realtime", With("flush-debounce", "1h")), rig.State);
        await AwaitAssertAsync(() => Assert.True(File.Exists(JsonlIn(home))), Eventually);
        var flushesBefore = (await Status(flush)).Flushes;

        var changes = Enumerable.Range(0, 100).Select(i =>
        {
            var id = ((IssueResult)rig.Do(new CreateIssue(RigBuilder.Rig, RigBuilder.Alice, $"burst {i}")).Reply).Issue.Id;
            return new RigChanged(rig.State, [id], AutoFlush: true);
        }).ToList();
        foreach (var change in changes) flush.Tell(change);

        await AwaitAssertAsync(() => Assert.Equal(100, IdsInFile(home).Count), Eventually);
        var flushes = (await Status(flush)).Flushes - flushesBefore;
        Assert.InRange(flushes, 1, 50);
        Assert.Equal(Exported.Jsonl(rig.State.Issues.Values), File.ReadAllBytes(JsonlIn(home)));
    }

    [Fact]
    public async Task A_write_that_fails_half_way_leaves_the_old_file_whole_and_the_next_flush_writes_the_new_one()
    {
        var home = NewHome("crash");
        var rig = RigBuilder.Initialized();
        for (var i = 0; i < 50; i++) rig.Do(new CreateIssue(RigBuilder.Rig, RigBuilder.Alice, $"issue {i} with a long enough title to fill the file"));
        var failing = new FailingWrites();
        var flush = StartFlush(home, With("flush-debounce", "1h"), rig.State, JsonlFile.In(home) with { WrapWrites = failing.Wrap });
        await AwaitAssertAsync(() => Assert.True(File.Exists(JsonlIn(home))), Eventually);
        var old = File.ReadAllBytes(JsonlIn(home));

        var changed = ((IssueResult)rig.Do(new UpdateIssue(RigBuilder.Rig, RigBuilder.Bob, rig.State.Issues.Keys.First())
        {
            Fields = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("title", "changed"),
        }).Reply).Issue;
        flush.Tell(new RigChanged(rig.State, [changed.Id], AutoFlush: false));
        failing.AfterBytes = old.Length / 2;
        var failed = await flush.Ask<Flushed>(FlushNow.Instance, AskTimeout);

        Assert.True(failed.Failed);
        Assert.Contains("disk full", failed.NotWritten);
        Assert.Equal(old, File.ReadAllBytes(JsonlIn(home)));
        Assert.Equal(["issues.jsonl"], Directory.GetFiles(Path.GetDirectoryName(JsonlIn(home))!).Select(Path.GetFileName));
        Assert.Contains("disk full", (await Status(flush)).LastError);

        failing.AfterBytes = null;
        var written = await flush.Ask<Flushed>(FlushNow.Instance, AskTimeout);
        Assert.False(written.Failed);
        Assert.Equal(Exported.Jsonl(rig.State.Issues.Values), File.ReadAllBytes(JsonlIn(home)));
    }

    /// <summary>Lets writes through until <see cref="AfterBytes"/> have passed, then fails like a full disk.</summary>
    private sealed class FailingWrites
    {
        public long? AfterBytes { get; set; }

        public Stream Wrap(Stream inner) => new Limited(inner, this);

        private sealed class Limited(Stream inner, FailingWrites limit) : Stream
        {
            private long _written;

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                if (limit.AfterBytes is { } most && _written + buffer.Length > most)
                {
                    inner.Write(buffer[..(int)Math.Max(0, most - _written)]);
                    throw new IOException("disk full (a test's fault)");
                }
                inner.Write(buffer);
                _written += buffer.Length;
            }

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
            public override void WriteByte(byte value) => Write([value]);
            public override void Flush() => inner.Flush();
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
