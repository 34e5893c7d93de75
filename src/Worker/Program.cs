using DreamBot.Shared.Hosting;
using DreamBot.Worker.Cli;
using DreamBot.Worker.Hosting;

if (args.Length > 0 && WorkerCli.Handles(args[0]))
    return await WorkerCli.RunAsync(args);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddDreamBotDefaults();
builder.AddWorkerServices();

var app = builder.Build();
app.MapWorkerEndpoints();
return await HostRunner.RunAsync(app);
