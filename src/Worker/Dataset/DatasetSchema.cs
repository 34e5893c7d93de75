using System.Text.Json.Nodes;
using Parquet.Schema;

namespace DreamBot.Worker.Dataset;

/// <summary>
/// The shards' columns, and the same columns as Hugging Face <c>datasets</c> features, stored under the
/// <c>huggingface</c> key of the file metadata: that is how <c>datasets</c> knows the <c>image</c> struct
/// (<c>bytes</c>, <c>path</c>) is an Image and decodes it.
/// </summary>
public static class DatasetSchema
{
    public const string FeaturesKey = "huggingface";

    public static DataField ImageBytes { get; } = new("bytes", typeof(byte[]), isNullable: true);
    public static DataField ImagePath { get; } = new("path", typeof(string), isNullable: true);
    public static DataField Prompt { get; } = new("prompt", typeof(string), isNullable: false);
    public static DataField NegativePrompt { get; } = new("negative_prompt", typeof(string), isNullable: false);
    public static DataField Seed { get; } = new DataField<long>("seed");
    public static DataField Steps { get; } = new DataField<int>("steps");
    public static DataField Guidance { get; } = new DataField<double>("guidance");
    public static DataField Sampler { get; } = new("sampler", typeof(string), isNullable: false);
    public static DataField Width { get; } = new DataField<int>("width");
    public static DataField Height { get; } = new DataField<int>("height");
    public static DataField Model { get; } = new("model", typeof(string), isNullable: false);
    public static DataField ModelRevision { get; } = new("model_revision", typeof(string), isNullable: true);
    public static DataField Created { get; } = new DataField<DateOnly>("created");
    public static DataField RatingMean { get; } = new DataField<double?>("rating_mean");
    public static DataField RatingCount { get; } = new DataField<int>("rating_count");
    public static DataField Rating { get; } = new DataField<int>("element");
    public static DataField Nsfw { get; } = new DataField<bool>("nsfw");
    public static DataField User { get; } = new("user", typeof(string), isNullable: false);
    public static DataField Guild { get; } = new("guild", typeof(string), isNullable: false);
    public static DataField License { get; } = new("license", typeof(string), isNullable: false);
    public static DataField ImageIndex { get; } = new DataField<int>("image_index");

    public static ParquetSchema Parquet { get; } = new(
        new StructField("image", ImageBytes, ImagePath),
        Prompt, NegativePrompt, Seed, Steps, Guidance, Sampler, Width, Height, Model, ModelRevision, Created,
        RatingMean, RatingCount, new ListField("ratings", Rating), Nsfw, User, Guild, License, ImageIndex);

    /// <summary>The columns in order, as the card lists them: name, <c>datasets</c> type and meaning.</summary>
    public static IReadOnlyList<(string Name, string Type, string Meaning)> Columns { get; } =
    [
        ("image", "Image", "the PNG as posted (bytes) and its archive name (path)"),
        ("prompt", "string", "the prompt"),
        ("negative_prompt", "string", "the negative prompt, empty when none"),
        ("seed", "int64", "the seed that reproduces this image alone"),
        ("steps", "int32", "denoising steps"),
        ("guidance", "float64", "classifier-free guidance scale"),
        ("sampler", "string", "the scheduler that ran"),
        ("width", "int32", "requested width in pixels"),
        ("height", "int32", "requested height in pixels"),
        ("model", "string", "the served model's name"),
        ("model_revision", "string", "the model's pinned revision, null where unknown"),
        ("created", "date32", "the day (UTC) it was asked for"),
        ("rating_mean", "float64", "mean of the 1–10 ratings, null when unrated"),
        ("rating_count", "int32", "how many users rated it"),
        ("ratings", "list<int32>", "every counted rating, oldest first"),
        ("nsfw", "bool", "the safety checker flagged it"),
        ("user", "string", "keyed pseudonym of the requester in this server (the same user has another in each other server)"),
        ("guild", "string", "keyed pseudonym of the server"),
        ("license", "string", "the licence the server chose (SPDX id)"),
        ("image_index", "int32", "position of the image in its result, from 0"),
    ];

    /// <summary>The <c>huggingface</c> metadata value: <c>{"info": {"features": {...}}}</c> as <c>datasets</c> writes it.</summary>
    public static string FeaturesJson()
    {
        var features = new JsonObject();
        foreach (var (name, type, _) in Columns)
        {
            features[name] = type switch
            {
                "Image" => new JsonObject { ["_type"] = "Image" },
                "list<int32>" => new JsonObject { ["feature"] = Value("int32"), ["_type"] = "Sequence" },
                _ => Value(type),
            };
        }
        return new JsonObject { ["info"] = new JsonObject { ["features"] = features } }.ToJsonString();
    }

    private static JsonObject Value(string dtype) => new() { ["dtype"] = dtype, ["_type"] = "Value" };
}
