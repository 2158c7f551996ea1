using System.Data.Common;
using Akka.Actor;

namespace Beads.Actors.Projection;

/// <summary>
/// One of a rig's three writers: it owns one database connection and writes the batches its coordinator sends, one
/// transaction each, one at a time (the mailbox waits while a batch is written, so nothing overtakes it). A failure
/// throws: the coordinator restarts the writer, which opens a fresh connection, and sends the same batch again after a
/// pause that grows with each failure. Nothing is skipped, and a batch that half-ran was rolled back whole.
/// </summary>
public sealed class WriterActor : ReceiveActor
{
    private readonly int _index;
    private readonly ProjectionStore _store;
    private readonly CancellationTokenSource _stopping = new();
    private DbConnection? _connection;
    private Task _writing = Task.CompletedTask;

    public WriterActor(int index, ProjectionStore store)
    {
        _index = index;
        _store = store;
        ReceiveAsync<ProjectionBatch>(Write);
    }

    public static Props Props(int index, ProjectionStore store) => Akka.Actor.Props.Create(() => new WriterActor(index, store));

    private async Task Write(ProjectionBatch batch)
    {
        // Off the actor's thread: the embedded store's driver blocks while another writer holds the file's lock.
        _writing = Task.Run(async () =>
        {
            _connection ??= await _store.OpenAsync(_stopping.Token);
            await _store.WriteAsync(_connection, batch, _stopping.Token);
        });
        await _writing;
        ProjectionMetrics.Committed(batch);
        Context.Parent.Tell(new BatchWritten(_index, batch.Number));
    }

    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        Context.Parent.Tell(new WriterRestarted(_index, reason));
    }

    /// <summary>
    /// A writer stopped mid-batch (its rig stopped) cancels the transaction, which then rolls back, and closes its
    /// connection only once the write has let go of it: closing it under a running command could leave the
    /// embedded store's file locked.
    /// </summary>
    protected override void PostStop()
    {
        _stopping.Cancel();
        _writing.ContinueWith(_ =>
        {
            _connection?.Dispose();
            _stopping.Dispose();
        }, TaskScheduler.Default);
    }
}
