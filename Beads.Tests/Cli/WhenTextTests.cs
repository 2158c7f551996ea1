using Beads.Cli;
using Xunit;

namespace Beads.Tests.Cli;

public class WhenTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("+6h", 6 * 60)]
    [InlineData("+2d", 2 * 24 * 60)]
    [InlineData("-7d", -7 * 24 * 60)]
    [InlineData("-30m", -30)]
    [InlineData("+1w", 7 * 24 * 60)]
    public void Relative_times_go_ahead_or_back_from_now(string text, int minutes) =>
        Assert.Equal(Now.AddMinutes(minutes), WhenText.Parse("--created-after", text, Now));

    [Fact]
    public void Named_days_and_dates_are_midnight_utc()
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), WhenText.Parse("--created-after", "yesterday", Now));
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero), WhenText.Parse("--created-after", "2026-01-15", Now));
        Assert.Contains("invalid --created-after format: 'soon' is not a date", Assert.Throws<CliException>(() => WhenText.Parse("--created-after", "soon", Now)).Message);
    }
}
