using Tandem.Core.Cases;

namespace Tandem.Core.Tests;

public sealed class Who5Tests
{
    [Theory]
    [InlineData(new[] { 0, 0, 0, 0, 0 }, 0)]
    [InlineData(new[] { 5, 5, 5, 5, 5 }, 25)]
    [InlineData(new[] { 3, 2, 1, 2, 4 }, 12)]
    public void Score_IsTheSumOfFiveItems(int[] answers, int raw)
    {
        Assert.Equal(raw, Wellbeing.Score(answers.Select(a => (int?)a).ToList()));
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3, 4 })]
    [InlineData(new[] { 1, 2, 3, 4, 6 })]
    [InlineData(new[] { -1, 2, 3, 4, 5 })]
    [InlineData(new[] { 1, 2, 3, 4, 5, 0 })]
    public void Score_RefusesAnythingButFiveAnswersFrom0To5(int[] answers)
    {
        Assert.Null(Wellbeing.Score(answers.Select(a => (int?)a).ToList()));
    }

    [Fact]
    public void Score_RefusesAMissingAnswer_AndThePercentageIsFourTimesTheRawScore()
    {
        Assert.Null(Wellbeing.Score([1, null, 3, 4, 5]));
        Assert.Equal(48, new Who5Response { RawScore = 12 }.Percentage);
    }
}
