namespace DreamBot.Tests.Fakes.Discord;

/// <summary>A body Discord would have refused: the route, what was wrong, and the JSON that was sent.</summary>
public sealed record ValidationFailure(string Route, IReadOnlyList<string> Errors, string Json)
{
    public override string ToString() => $"{Route}: {string.Join("; ", Errors)} in {Json}";
}
