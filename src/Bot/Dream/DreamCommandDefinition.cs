using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Domain;
using Type = DreamBot.Bot.ApplicationCommands.ApplicationCommandOptionType;

namespace DreamBot.Bot.Dream;

/// <summary>
/// /dream as Discord sees it. Bounds are declared here so Discord rejects what it can before DreamBot is asked;
/// per-guild limits (which may be tighter) are checked when the request is parsed.
/// </summary>
public static class DreamCommandDefinition
{
    public const string Name = "dream";

    public static ApplicationCommand Create() => new(Name, "Generate images from a text prompt with Stable Diffusion")
    {
        Options =
        [
            new(Type.String, DreamOptionNames.Prompt, "What to draw") { Required = true, MinLength = 1, MaxLength = DreamLimits.MaxPromptLength },
            new(Type.String, DreamOptionNames.Negative, "What to keep out of the image") { MaxLength = DreamLimits.MaxPromptLength },
            // Discord integers are limited to ±2^53; seeds stay within 32 bits so they round-trip everywhere.
            new(Type.Integer, DreamOptionNames.Seed, "Seed for a repeatable result (random when left out)") { MinValue = 0, MaxValue = DreamLimits.MaxSeed },
            new(Type.Integer, DreamOptionNames.Steps, "Denoising steps: more is slower and usually finer") { MinValue = 1, MaxValue = DreamLimits.Hard.MaxSteps },
            new(Type.Number, DreamOptionNames.Guidance, "How closely to follow the prompt (classifier-free guidance scale)") { MinValue = 0, MaxValue = DreamLimits.MaxGuidance },
            new(Type.Integer, DreamOptionNames.Width, "Image width in pixels") { Choices = CommandChoices.Sides() },
            new(Type.Integer, DreamOptionNames.Height, "Image height in pixels") { Choices = CommandChoices.Sides() },
            new(Type.String, DreamOptionNames.Sampler, "Sampling method") { Choices = CommandChoices.Samplers() },
            new(Type.Integer, DreamOptionNames.Count, "How many images to generate") { MinValue = 1, MaxValue = DreamLimits.Hard.MaxCount },
            new(Type.Attachment, DreamOptionNames.Image, "Start from this image (image-to-image)"),
            new(Type.Attachment, DreamOptionNames.Mask, "Repaint only the white part of the attached image (an inpainting model)"),
            new(Type.Number, DreamOptionNames.Strength, "How far to move away from the attached image (above 0, at most 1)") { MinValue = 0, MaxValue = 1 },
            new(Type.String, DreamOptionNames.Model, "Which model renders it (the ones the workers serve now)") { MaxLength = 32, Autocomplete = true },
        ],
    };
}
