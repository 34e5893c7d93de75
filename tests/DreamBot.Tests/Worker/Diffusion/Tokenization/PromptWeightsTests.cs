using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.Tests.Worker.Diffusion.Tokenization;

/// <summary>
/// The expected runs are the doctest examples of parse_prompt_attention in AUTOMATIC1111's stable-diffusion-webui
/// (modules/prompt_parser.py), with the weights Python computes for them.
/// </summary>
public sealed class PromptWeightsTests
{
    public static TheoryData<string, (string, double)[]> WebuiExamples() => new()
    {
        { "normal text", [("normal text", 1.0)] },
        { "an (important) word", [("an ", 1.0), ("important", 1.1), (" word", 1.0)] },
        { "(unbalanced", [("unbalanced", 1.1)] },
        { @"\(literal\]", [("(literal]", 1.0)] },
        { "(unnecessary)(parens)", [("unnecessaryparens", 1.1)] },
        {
            "a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).",
            [("a ", 1.0), ("house", 1.5730000000000004), (" ", 1.1), ("on", 1.0), (" a ", 1.1), ("hill", 0.55), (", sun, ", 1.1), ("sky", 1.4641000000000006), (".", 1.1)]
        },
        { "[abc]", [("abc", 1 / 1.1)] },
        { "(abc:3.12)", [("abc", 3.12)] },
        { "", [("", 1.0)] },
    };

    [Theory]
    [MemberData(nameof(WebuiExamples))]
    public void Parse_GivesTheWebuisRunsAndWeights(string prompt, (string, double)[] expected)
    {
        var runs = PromptWeights.Parse(prompt);

        Assert.Equal(expected.Select(e => e.Item1), runs.Select(r => r.Text));
        // Exact: the same double multiplications in the same order as Python's.
        Assert.Equal(expected.Select(e => e.Item2), runs.Select(r => r.Weight));
    }

    [Fact]
    public void Parse_MakesABreakItsOwnRun_OutsideBrackets()
    {
        var runs = PromptWeights.Parse("a cat BREAK a dog");

        Assert.Equal(["a cat", "BREAK", "a dog"], runs.Select(r => r.Text));
        Assert.Equal([false, true, false], runs.Select(r => r.IsBreak));
    }

    [Fact]
    public void Parse_KeepsAWeightWithSpacesAroundIt_AndAColonThatIsNoWeightAsText()
    {
        var runs = PromptWeights.Parse("style: (oil : 0.8 )");

        Assert.Equal([("style: ", 1.0), ("oil ", 0.8)], runs.Select(r => (r.Text, r.Weight)));
    }
}
