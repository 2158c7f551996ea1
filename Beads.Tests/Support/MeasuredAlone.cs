using Xunit;

namespace Beads.Tests.Support;

/// <summary>
/// Tests whose printed timings would mostly measure the rest of the suite if they ran beside it (the failover of a
/// 3-node cluster, the throughput benchmarks): xunit runs this collection after all the others, one test at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}
