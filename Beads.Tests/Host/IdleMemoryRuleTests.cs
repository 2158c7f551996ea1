using Beads.Host;
using Xunit;

namespace Beads.Tests.Host;

public sealed class IdleMemoryRuleTests
{
    private const long Mb = 1024 * 1024;

    [Fact]
    public void A_host_at_rest_holding_far_more_than_its_live_heap_is_trimmed() =>
        Assert.True(IdleMemoryRule.ShouldTrim(allocatedSinceLastCheck: 2 * Mb, committedBytes: 230 * Mb, liveBytesAfterLastCollection: 90 * Mb, workSinceLastTrim: true));

    [Fact]
    public void A_busy_host_is_not_interrupted() =>
        Assert.False(IdleMemoryRule.ShouldTrim(allocatedSinceLastCheck: 400 * Mb, committedBytes: 230 * Mb, liveBytesAfterLastCollection: 90 * Mb, workSinceLastTrim: true));

    [Fact]
    public void Committed_memory_close_to_the_live_heap_is_left_alone() =>
        Assert.False(IdleMemoryRule.ShouldTrim(allocatedSinceLastCheck: 1 * Mb, committedBytes: 100 * Mb, liveBytesAfterLastCollection: 90 * Mb, workSinceLastTrim: true));

    [Fact]
    public void No_second_trim_without_work_in_between() =>
        Assert.False(IdleMemoryRule.ShouldTrim(allocatedSinceLastCheck: 1 * Mb, committedBytes: 230 * Mb, liveBytesAfterLastCollection: 90 * Mb, workSinceLastTrim: false));
}
