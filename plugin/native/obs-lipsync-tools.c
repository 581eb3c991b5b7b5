/*
 * obs-lipsync-tools: adds Tools > Lip-sync clip to OBS.
 *
 * The menu item fires the obs-lipsync script's "Lip-sync clip" hotkey when the script is loaded, so both
 * ways in send the very same request (with the script's voice pairing and placement settings). Without the
 * script it emits the request itself: an obs-websocket vendor event "lipsync" from the vendor
 * "obs-lipsync-tools", carrying the selected scene item. The same action is also offered as the vendor
 * request "lipsync_clip", so automation (and our tests) can run exactly what the menu runs.
 */
#include <obs-module.h>
#include <obs-frontend-api.h>
#include <callback/calldata.h>
#include <callback/proc.h>
#include <string.h>

OBS_DECLARE_MODULE()

#define VENDOR_NAME "obs-lipsync-tools"
#define SCRIPT_HOTKEY "obs_lipsync.clip"

/* What obs-websocket's "vendor_request_register" procedure expects behind its "callback" pointer. */
struct vendor_request_callback {
	void (*callback)(obs_data_t *request, obs_data_t *response, void *priv);
	void *priv;
};

static proc_handler_t *websocket_procs;
static void *vendor;

const char *obs_module_description(void)
{
	return "Tools > Lip-sync clip for the obs-lipsync daemon";
}

struct hotkey_search {
	obs_hotkey_id id;
	bool found;
};

static bool find_script_hotkey(void *data, obs_hotkey_id id, obs_hotkey_t *key)
{
	struct hotkey_search *search = data;
	if (strcmp(obs_hotkey_get_name(key), SCRIPT_HOTKEY) == 0) {
		search->id = id;
		search->found = true;
		return false;
	}
	return true;
}

struct selection {
	obs_data_t *data;
	bool found;
};

static bool find_selected(obs_scene_t *scene, obs_sceneitem_t *item, void *param)
{
	struct selection *sel = param;
	if (sel->found)
		return false;
	if (obs_sceneitem_selected(item)) {
		obs_source_t *scene_source = obs_scene_get_source(scene);
		obs_data_set_string(sel->data, "scene", obs_source_get_name(scene_source));
		obs_data_set_int(sel->data, "sceneItemId", obs_sceneitem_get_id(item));
		obs_data_set_string(sel->data, "source", obs_source_get_name(obs_sceneitem_get_source(item)));
		sel->found = true;
		return false;
	}
	if (obs_sceneitem_is_group(item))
		obs_sceneitem_group_enum_items(item, find_selected, sel);
	return !sel->found;
}

static bool emit_request(void)
{
	if (!websocket_procs || !vendor) {
		blog(LOG_WARNING, "[obs-lipsync-tools] obs-websocket is not available: enable it to reach the daemon");
		return false;
	}
	struct selection sel = {obs_data_create(), false};
	obs_data_set_string(sel.data, "origin", "menu");
	/* The user selects items in the preview scene in Studio Mode, else in the program scene. */
	obs_source_t *current = obs_frontend_preview_program_mode_active() ? obs_frontend_get_current_preview_scene()
									    : obs_frontend_get_current_scene();
	if (current) {
		obs_scene_enum_items(obs_scene_from_source(current), find_selected, &sel);
		obs_source_release(current);
	}
	if (!sel.found)
		blog(LOG_WARNING, "[obs-lipsync-tools] select the clip (a media source showing a face) first");

	calldata_t cd = {0};
	calldata_set_ptr(&cd, "vendor", vendor);
	calldata_set_string(&cd, "type", "lipsync");
	calldata_set_ptr(&cd, "data", sel.data);
	proc_handler_call(websocket_procs, "vendor_event_emit", &cd);
	bool sent = calldata_bool(&cd, "success");
	calldata_free(&cd);
	obs_data_release(sel.data);
	return sent;
}

/* Runs the menu action; returns how the request went out. */
static const char *lipsync_clip(void)
{
	struct hotkey_search search = {0, false};
	obs_enum_hotkeys(find_script_hotkey, &search);
	if (search.found) {
		obs_hotkey_trigger_routed_callback(search.id, true);
		return "script";
	}
	return emit_request() ? "event" : "failed";
}

static void on_menu(void *priv)
{
	(void)priv;
	blog(LOG_INFO, "[obs-lipsync-tools] Tools > Lip-sync clip: request sent via %s", lipsync_clip());
}

static void on_vendor_request(obs_data_t *request, obs_data_t *response, void *priv)
{
	(void)request;
	(void)priv;
	obs_data_set_string(response, "via", lipsync_clip());
}

static void register_vendor(void)
{
	calldata_t cd = {0};
	proc_handler_t *global = obs_get_proc_handler();
	if (!proc_handler_call(global, "obs_websocket_api_get_ph", &cd)) {
		calldata_free(&cd);
		blog(LOG_WARNING, "[obs-lipsync-tools] obs-websocket is not loaded");
		return;
	}
	websocket_procs = calldata_ptr(&cd, "ph");
	calldata_free(&cd);
	if (!websocket_procs)
		return;

	calldata_t reg = {0};
	calldata_set_string(&reg, "name", VENDOR_NAME);
	proc_handler_call(websocket_procs, "vendor_register", &reg);
	vendor = calldata_ptr(&reg, "vendor");
	calldata_free(&reg);
	if (!vendor)
		return;

	static struct vendor_request_callback callback = {on_vendor_request, NULL};
	calldata_t req = {0};
	calldata_set_ptr(&req, "vendor", vendor);
	calldata_set_string(&req, "type", "lipsync_clip");
	calldata_set_ptr(&req, "callback", &callback);
	proc_handler_call(websocket_procs, "vendor_request_register", &req);
	calldata_free(&req);
}

bool obs_module_load(void)
{
	obs_frontend_add_tools_menu_item("Lip-sync clip", on_menu, NULL);
	return true;
}

void obs_module_post_load(void)
{
	/* obs-websocket offers its procedures only once every module is loaded. */
	register_vendor();
	blog(LOG_INFO, "[obs-lipsync-tools] loaded%s", vendor ? "" : " (without obs-websocket)");
}
