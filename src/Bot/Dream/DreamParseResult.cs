using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Dream;

/// <summary>Either a valid request or the problems the user must fix, never both.</summary>
public sealed record DreamParseResult(DreamRequest? Request, IReadOnlyList<string> Problems)
{
    public static DreamParseResult Valid(DreamRequest request) => new(request, []);

    public static DreamParseResult Invalid(IReadOnlyList<string> problems) => new(null, problems);
}
