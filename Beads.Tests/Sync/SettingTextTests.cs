using Beads.Actors.Sync;
using Xunit;

namespace Beads.Tests.Sync;

public sealed class SettingTextTests
{
    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("0", 0)]
    [InlineData(" 30s ", 30_000)]
    public void Durations_are_read_in_gos_syntax(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SettingText.Duration(text));

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("five seconds")]
    [InlineData("5sx")]
    public void Anything_else_is_not_a_duration(string text) => Assert.Null(SettingText.Duration(text));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(500, "500ms")]
    [InlineData(5_000, "5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(90_000_000, "25h")]
    public void Durations_are_shown_in_their_shortest_form(int milliseconds, string text) =>
        Assert.Equal(text, SettingText.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("ON", true)]
    [InlineData("yes", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("off", false)]
    [InlineData("no", false)]
    public void Booleans_are_read_as_beads_and_hocon_write_them(string text, bool value) =>
        Assert.Equal(value, SettingText.Boolean(text));

    [Fact]
    public void A_word_that_is_not_a_boolean_is_refused() => Assert.Null(SettingText.Boolean("maybe"));
}
