namespace DreamBot.Bot.Dream;

public static class DreamOptionNames
{
    public const string Prompt = "prompt";
    public const string Negative = "negative";
    public const string Seed = "seed";
    public const string Steps = "steps";
    public const string Guidance = "guidance";
    public const string Width = "width";
    public const string Height = "height";
    public const string Sampler = "sampler";
    public const string Count = "count";
    public const string Image = "image";
    public const string Mask = "mask";
    public const string Strength = "strength";
    public const string Model = "model";
}
