using Beads.Actors.Logging;
using Xunit;

namespace Beads.Tests.Logging;

public sealed class OncePerCauseTests
{
    [Fact]
    public void A_cause_is_news_once_until_it_changes_or_something_succeeds()
    {
        var warnings = new OncePerCause();

        Assert.True(warnings.IsNew("no .beads folder"));
        Assert.False(warnings.IsNew("no .beads folder"));
        Assert.True(warnings.IsNew("disk full"));
        Assert.True(warnings.IsNew("no .beads folder"));
        warnings.Recovered();
        Assert.True(warnings.IsNew("no .beads folder"));
    }
}
