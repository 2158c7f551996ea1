using Akka.Configuration;
using Akka.Dispatch;

namespace Beads.Actors.Sync;

/// <summary>
/// The executor of the sync I/O dispatcher (<c>beads.sync-io-dispatcher</c>): threads of its own, so that blocking file
/// and git work never holds up the thread pool that the rigs and the gateway run on, which wait on a monitor when they
/// run out of work. Akka's ForkJoinDispatcher, used before, has its threads spin (fifty yields each) every time its
/// queue runs dry: on an idle host, where every rig's auto-import check and sync cycle wakes them for a moment, that
/// spinning was a third of the host's CPU (BENCHMARKS.md, "Where the idle host's CPU went").
/// </summary>
public sealed class QuietThreadsExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    private readonly int _threads = config.GetInt("quiet-threads.thread-count", 2);

    public override ExecutorService Produce(string id) => new QuietThreads(id, _threads);
}

internal sealed class QuietThreads : ExecutorService
{
    private readonly Queue<IRunnable> _work = new();
    private readonly object _gate = new();
    private bool _shutDown;

    public QuietThreads(string id, int threads) : base(id)
    {
        for (var i = 0; i < threads; i++)
            new Thread(Work) { IsBackground = true, Name = $"{id}-{i}" }.Start();
    }

    public override void Execute(IRunnable run)
    {
        lock (_gate)
        {
            if (_shutDown) throw new RejectedExecutionException($"the executor {Id} is shut down");
            _work.Enqueue(run);
            Monitor.Pulse(_gate);
        }
    }

    public override void Shutdown()
    {
        lock (_gate)
        {
            _shutDown = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Work()
    {
        while (true)
        {
            IRunnable next;
            lock (_gate)
            {
                while (_work.Count == 0 && !_shutDown) Monitor.Wait(_gate);
                if (_work.Count == 0) return; // shut down, and nothing left to run
                next = _work.Dequeue();
            }
            next.Run();
        }
    }
}
