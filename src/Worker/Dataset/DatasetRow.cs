namespace DreamBot.Worker.Dataset;

/// <summary>One image of the export with what the dataset says about it; user and guild are already pseudonyms.</summary>
public sealed record DatasetRow(
    string Sha256,
    byte[] Png,
    string Prompt,
    string NegativePrompt,
    long Seed,
    int Steps,
    double Guidance,
    string Sampler,
    int Width,
    int Height,
    string Model,
    string? ModelRevision,
    DateOnly Created,
    IReadOnlyList<int> Ratings,
    bool Nsfw,
    string User,
    string Guild,
    string License,
    int ImageIndex)
{
    public double? RatingMean => Ratings.Count == 0 ? null : Ratings.Average();
}
