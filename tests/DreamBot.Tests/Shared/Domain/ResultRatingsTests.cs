using DreamBot.Shared.Domain;

namespace DreamBot.Tests.Shared.Domain;

public sealed class ResultRatingsTests
{
    [Fact]
    public void Parse_ReadsTheGenerationFromTheIdAndTheSeedAndScoreFromTheValue()
    {
        var (choice, problem) = ResultRatings.Parse("42:2", ["1003:7"]);

        Assert.Null(problem);
        Assert.Equal(new RatingChoice(42, 1003, 7), choice);
    }

    [Fact]
    public void Parse_ReadsWhatTheCustomIdAndOptionValueWrite()
    {
        var argument = ResultRatings.CustomId(42, 1)[ResultButtons.Rate.Length..];

        var (choice, _) = ResultRatings.Parse(argument, [ResultRatings.OptionValue(long.MaxValue, ResultRatings.MaxScore)]);

        Assert.Equal(new RatingChoice(42, long.MaxValue, 10), choice);
    }

    [Theory]
    [InlineData("42:1", "1003:0", "A score is from 1 to 10.")]
    [InlineData("42:1", "1003:11", "A score is from 1 to 10.")]
    [InlineData("42:1", "1003:-3", "That is not a score DreamBot offers.")]
    [InlineData("42:1", "1003", "That is not a score DreamBot offers.")]
    [InlineData("42:1", "x:5", "That is not a score DreamBot offers.")]
    [InlineData("42:1", "1003:5:1", "That is not a score DreamBot offers.")]
    [InlineData("42", "1003:5", "This menu is not one of DreamBot's.")]
    [InlineData("-42:1", "1003:5", "This menu is not one of DreamBot's.")]
    [InlineData("42:1:9", "1003:5", "This menu is not one of DreamBot's.")]
    public void Parse_RefusesWhatIsNotARating(string argument, string value, string expected)
    {
        var (choice, problem) = ResultRatings.Parse(argument, [value]);

        Assert.Null(choice);
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void Parse_RefusesNoneOrSeveralValues()
    {
        Assert.Equal("Pick one score.", ResultRatings.Parse("42:1", []).Problem);
        Assert.Equal("Pick one score.", ResultRatings.Parse("42:1", null).Problem);
        Assert.Equal("Pick one score.", ResultRatings.Parse("42:1", ["1003:5", "1003:6"]).Problem);
    }
}
