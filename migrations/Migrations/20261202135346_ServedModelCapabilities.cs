using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <summary>
    /// Workers publish whether each model can start from an image (it has a VAE encoder). Rows written before are
    /// taken to be able to until their worker next starts and publishes again.
    /// </summary>
    public partial class ServedModelCapabilities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "supports_image_to_image",
                schema: "dreambot",
                table: "served_models",
                type: "boolean",
                nullable: false,
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "supports_image_to_image",
                schema: "dreambot",
                table: "served_models");
        }
    }
}
