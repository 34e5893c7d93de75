using DreamBot.Bot.Intake;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>Vary (subtle): close to the image.</summary>
public sealed class SubtleVaryButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue)
    : VaryButton(contexts, queue, ResultButtons.SubtleStrength)
{
    public override string CustomIdPrefix => ResultButtons.VarySubtle;
}
