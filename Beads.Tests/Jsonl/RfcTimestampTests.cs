using Beads.Actors.Jsonl;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Jsonl;

public class RfcTimestampTests
{
    [Theory]
    [InlineData("2025-11-02T21:58:07.295058-08:00")]
    [InlineData("2026-01-11T10:33:47Z")]
    [InlineData("2026-01-11T10:33:47.5Z")]
    [InlineData("2026-01-11T10:33:47.1234567+05:30")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void Canonical_timestamps_are_written_back_as_read(string text)
    {
        Assert.True(RfcTimestamp.TryParse(text, out var value));
        Assert.Equal(text, RfcTimestamp.Format(value));
    }

    [Fact]
    public void The_offset_is_kept_and_a_zero_offset_is_written_as_Z()
    {
        Assert.True(RfcTimestamp.TryParse("2025-11-02T21:58:07-08:00", out var pacific));
        Assert.Equal(TimeSpan.FromHours(-8), pacific.Offset);
        Assert.Equal(new DateTimeOffset(2025, 11, 3, 5, 58, 7, TimeSpan.Zero), pacific);

        Assert.True(RfcTimestamp.TryParse("2025-11-02T21:58:07+00:00", out var utc));
        Assert.Equal("2025-11-02T21:58:07Z", RfcTimestamp.Format(utc));
    }

    [Fact]
    public void Trailing_zeros_of_the_fraction_are_trimmed_as_go_does()
    {
        var value = new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero).AddTicks(1_200_000);
        Assert.Equal("2026-01-15T09:30:00.12Z", RfcTimestamp.Format(value));
    }

    [Fact]
    public void Nanoseconds_beyond_a_tick_are_dropped_when_parsed()
    {
        Assert.True(RfcTimestamp.TryParse("2026-01-11T10:33:47.889461234-08:00", out var value));
        Assert.Equal("2026-01-11T10:33:47.8894612-08:00", RfcTimestamp.Format(value));
    }

    [Theory]
    [InlineData("2026-01-15")]
    [InlineData("2026-01-15T09:30:00")] // no offset: its meaning would depend on this machine's zone
    [InlineData("2026-01-15 09:30:00Z")]
    [InlineData("2026-13-15T09:30:00Z")]
    [InlineData("2026-01-15T09:30:00.Z")]
    [InlineData("2026-01-15T09:30:00.1234567890Z")]
    [InlineData("2026-01-15T09:30:00+15:00")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("yesterday")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(RfcTimestamp.TryParse(text, out _));
    }
}
