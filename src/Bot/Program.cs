using DreamBot.Bot.Hosting;
using DreamBot.Shared.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddDreamBotDefaults();
builder.AddBotServices();

var app = builder.Build();
app.MapBotEndpoints();

return args.FirstOrDefault() switch
{
    "migrate" => await MigrateCommand.RunAsync(app),
    _ => await HostRunner.RunAsync(app),
};
