-- obs-lipsync: asks the lip-sync daemon to lip-sync the selected clip.
--
-- Registers two frontend hotkeys (bind them in Settings > Hotkeys, or fire them with obs-websocket's
-- TriggerHotkeyByName): "obs_lipsync.clip" (Lip-sync clip) and "obs_lipsync.rerender" (Re-render lip-sync).
-- Each one, like the buttons in this script's properties, emits an obs-websocket vendor event from the vendor
-- "obs-lipsync" (type "lipsync" or "rerender") carrying the selected scene item, which the daemon receives.
-- obs-websocket keeps a vendor registered until OBS exits and has no unregister call, so after Tools >
-- Scripts > Reload the name is still held by the unloaded script: the reloaded one then takes "obs-lipsync-2",
-- "obs-lipsync-3", ..., names the daemon also listens to.
-- obs-websocket's plugin API is reached through LuaJIT's FFI, since obslua cannot pass its proc handler.

local obs = obslua
local ffi = require("ffi")

local VENDOR = "obs-lipsync"
local MAX_RELOADS = 100
-- The lipsync launcher the daemon is started with; `lipsync plugin install` fills it in.
local LAUNCHER = ""
-- The daemon's state folder (its default), where it says whether it runs and is attached (daemon.status).
local STATE_DIR = (os.getenv("XDG_STATE_HOME") or ((os.getenv("HOME") or "") .. "/.local/state")) .. "/obs-lipsync"
local STATUS_FILE = STATE_DIR .. "/daemon.status"
local DAEMON_LOG = STATE_DIR .. "/daemon.log"
-- How long a press waits for a daemon that is starting before it is given up.
local ATTACH_WAIT_SECONDS = 120
local HOTKEYS = {
    { name = "obs_lipsync.clip", description = "Lip-sync clip", action = "lipsync" },
    { name = "obs_lipsync.rerender", description = "Re-render lip-sync", action = "rerender" },
}

ffi.cdef [[
typedef struct calldata { uint8_t *stack; size_t size; size_t capacity; bool fixed; } calldata_t;
typedef struct proc_handler proc_handler_t;
typedef struct obs_data obs_data_t;
proc_handler_t *obs_get_proc_handler(void);
bool proc_handler_call(proc_handler_t *handler, const char *name, calldata_t *params);
bool calldata_get_data(const calldata_t *data, const char *name, void *out, size_t size);
void calldata_set_data(calldata_t *data, const char *name, const void *in, size_t size);
obs_data_t *obs_data_create_from_json(const char *json_string);
void obs_data_release(obs_data_t *data);
void bfree(void *ptr);
]]

local settings_now = nil
local hotkey_ids = {}
local vendor = nil
local pending = nil -- a press held until the daemon is attached: { action, json, label, deadline }
local last_news = nil -- the daemon's latest job news already in OBS's log

local function set_string(cd, name, value)
    ffi.C.calldata_set_data(cd, name, value, #value + 1)
end

local function set_ptr(cd, name, ptr)
    local box = ffi.new("void*[1]", ptr)
    ffi.C.calldata_set_data(cd, name, box, ffi.sizeof("void*"))
end

local function get_ptr(cd, name)
    local box = ffi.new("void*[1]")
    if not ffi.C.calldata_get_data(cd, name, box, ffi.sizeof("void*")) then
        return nil
    end
    return box[0]
end

-- Calls a procedure with a fresh calldata; returns the calldata for reading, to be freed with free_calldata.
local function call(handler, name, fill)
    local cd = ffi.new("calldata_t")
    if fill then fill(cd) end
    local ok = ffi.C.proc_handler_call(handler, name, cd)
    return ok, cd
end

local function free_calldata(cd)
    if cd.stack ~= nil then ffi.C.bfree(cd.stack) end
end

-- obs-websocket's procedures answer with a "success" flag; the call itself returning only means it was found.
local function succeeded(cd)
    local box = ffi.new("bool[1]")
    return ffi.C.calldata_get_data(cd, "success", box, ffi.sizeof("bool")) and box[0]
end

-- Registers the first free vendor name: "obs-lipsync", else (after a reload) "obs-lipsync-2", ...
local function register_vendor(ph)
    for n = 1, MAX_RELOADS do
        local name = n == 1 and VENDOR or (VENDOR .. "-" .. n)
        local registered, cd = call(ph, "vendor_register", function(c) set_string(c, "name", name) end)
        local v = registered and succeeded(cd) and get_ptr(cd, "vendor") or nil
        free_calldata(cd)
        if v ~= nil then
            if n > 1 then
                obs.script_log(obs.LOG_INFO, "registered as obs-websocket vendor " .. name ..
                    " (the earlier names stay with scripts unloaded since OBS started)")
            end
            return v
        end
    end
    return nil
end

-- obs-websocket's vendor handle, registered on first use.
local function get_vendor()
    if vendor ~= nil then return vendor end
    local ok, cd = call(ffi.cast("proc_handler_t*", ffi.C.obs_get_proc_handler()), "obs_websocket_api_get_ph")
    local ph = ok and get_ptr(cd, "ph") or nil
    free_calldata(cd)
    if ph == nil then
        obs.script_log(obs.LOG_WARNING, "obs-websocket is not loaded: enable it to reach the lip-sync daemon")
        return nil
    end
    local v = register_vendor(ffi.cast("proc_handler_t*", ph))
    if v == nil then
        obs.script_log(obs.LOG_WARNING, "could not register an obs-websocket vendor " .. VENDOR ..
            " (all " .. MAX_RELOADS .. " names are taken: restart OBS)")
        return nil
    end
    vendor = { ph = ffi.cast("proc_handler_t*", ph), handle = v }
    return vendor
end

local function emit(event_type, data)
    local v = get_vendor()
    if v == nil then return false end
    local json = obs.obs_data_get_json(data)
    local payload = ffi.C.obs_data_create_from_json(json)
    local ok, cd = call(v.ph, "vendor_event_emit", function(c)
        set_ptr(c, "vendor", v.handle)
        set_string(c, "type", event_type)
        set_ptr(c, "data", payload)
    end)
    local sent = ok and succeeded(cd)
    free_calldata(cd)
    ffi.C.obs_data_release(payload)
    return sent
end

-- The scene whose items the user selects: the preview scene in Studio Mode, else the program scene.
local function edited_scene()
    if obs.obs_frontend_preview_program_mode_active() then
        return obs.obs_frontend_get_current_preview_scene()
    end
    return obs.obs_frontend_get_current_scene()
end

-- The selected item of the edited scene (or of a group in it): scene name, item id, source name.
local function selected_item()
    local scene_source = edited_scene()
    if scene_source == nil then return nil end
    local found = nil
    local function visit(scene, scene_name)
        local items = obs.obs_scene_enum_items(scene)
        for _, item in ipairs(items or {}) do
            if found == nil and obs.obs_sceneitem_selected(item) then
                found = {
                    scene = scene_name,
                    id = obs.obs_sceneitem_get_id(item),
                    source = obs.obs_source_get_name(obs.obs_sceneitem_get_source(item)),
                }
            end
            if found == nil and obs.obs_sceneitem_is_group(item) then
                local group = obs.obs_sceneitem_get_source(item)
                visit(obs.obs_group_from_source(group), obs.obs_source_get_name(group))
            end
        end
        obs.sceneitem_list_release(items)
    end
    visit(obs.obs_scene_from_source(scene_source), obs.obs_source_get_name(scene_source))
    obs.obs_source_release(scene_source)
    return found
end

-- "Clip = Voice" lines of the pairing setting -> the voice paired with clip, or nil.
local function paired_voice(clip)
    if settings_now == nil then return nil end
    local text = obs.obs_data_get_string(settings_now, "voice_pairs")
    for line in string.gmatch(text .. "\n", "([^\n]*)\n") do
        local c, v = string.match(line, "^%s*(.-)%s*=%s*(.-)%s*$")
        if c ~= nil and c == clip and v ~= "" then return v end
    end
    return nil
end

-- ---- the daemon: started with OBS when none runs, stopped by itself when OBS exits (--exit-with-obs) ----

local function setting(name, fallback)
    if settings_now == nil then return fallback end
    local v = obs.obs_data_get_string(settings_now, name)
    if v == nil or v == "" then return fallback end
    return v
end

-- The running daemon's pid, obs ("attached" or "waiting") and dock, or nil when none runs.
local function daemon_status()
    local f = io.open(STATUS_FILE, "r")
    if f == nil then return nil end
    local st = {}
    for line in f:lines() do
        local k, v = string.match(line, "^(%w+)=(.*)$")
        if k ~= nil then st[k] = v end
    end
    f:close()
    -- Alive when its /proc entry is there (read every half second, so no shell is started for it).
    local pid = tonumber(st.pid)
    local proc = pid ~= nil and io.open("/proc/" .. pid .. "/stat", "r") or nil
    if proc == nil then return nil end
    proc:close()
    return st
end

local function shell_quote(s)
    return "'" .. string.gsub(s, "'", "'\\''") .. "'"
end

-- Starts `lipsync daemon` in the background. The password goes to its standard input (on no command line, in
-- no file); its output goes to daemon.log in its state folder.
local function start_daemon()
    local launcher = setting("launcher", LAUNCHER)
    if launcher == "" then
        obs.script_log(obs.LOG_WARNING, "cannot start the lip-sync daemon: set the lipsync launcher in this " ..
            "script's settings (or run `lipsync plugin install` again)")
        return false
    end
    os.execute("mkdir -p " .. shell_quote(STATE_DIR))
    local status_source = setting("status_source", "")
    local command = "( " .. shell_quote(launcher) .. " daemon --password-stdin --exit-with-obs" ..
        (status_source ~= "" and (" --status-source " .. shell_quote(status_source)) or "") .. " <&3 >>" ..
        shell_quote(DAEMON_LOG) .. " 2>&1 & ) 3<&0"
    local pipe = io.popen(command, "w")
    if pipe == nil then
        obs.script_log(obs.LOG_WARNING, "cannot start the lip-sync daemon with " .. launcher)
        return false
    end
    pipe:write(setting("password", "") .. "\n")
    pipe:close()
    obs.script_log(obs.LOG_INFO, "started the lip-sync daemon (" .. launcher .. "; its log: " .. DAEMON_LOG .. ")")
    return true
end

local function stop_daemon()
    local st = daemon_status()
    if st ~= nil then os.execute("kill " .. tonumber(st.pid)) end
    return st ~= nil
end

local function emit_logged(action, data, label)
    local sent = emit(action, data)
    obs.script_log(obs.LOG_INFO, (sent and "asked the daemon to " or "could not ask the daemon to ") .. action ..
        label)
end

-- Sends the held press once the daemon is attached to OBS; gives it up after ATTACH_WAIT_SECONDS.
local function flush_pending()
    if pending == nil then
        obs.remove_current_callback()
        return
    end
    local st = daemon_status()
    if st ~= nil and st.obs == "attached" then
        local data = obs.obs_data_create_from_json(pending.json)
        emit_logged(pending.action, data, pending.label)
        obs.obs_data_release(data)
        pending = nil
        obs.remove_current_callback()
    elseif os.time() > pending.deadline then
        obs.script_log(obs.LOG_WARNING, "the lip-sync daemon did not attach to OBS within " .. ATTACH_WAIT_SECONDS ..
            " s, so " .. pending.action .. pending.label .. " was not sent; see " .. DAEMON_LOG)
        pending = nil
        obs.remove_current_callback()
    end
end

-- Puts each new piece of job news from the daemon (queued, rendering, done, failed: why) into OBS's log.
local function watch_news()
    local st = daemon_status()
    if st == nil or st.job == nil or st.job == "" or st.job == last_news then return end
    last_news = st.job
    local text = string.match(st.job, "^%d+ (.*)$") or st.job
    obs.script_log(string.find(text, ": failed: ", 1, true) and obs.LOG_WARNING or obs.LOG_INFO, "lip-sync: " .. text)
end

local function request(action, origin)
    local item = selected_item()
    local data = obs.obs_data_create()
    obs.obs_data_set_string(data, "origin", origin)
    if settings_now ~= nil then
        obs.obs_data_set_string(data, "placement", obs.obs_data_get_string(settings_now, "placement"))
        obs.obs_data_set_string(data, "preset", obs.obs_data_get_string(settings_now, "preset"))
        obs.obs_data_set_string(data, "face", obs.obs_data_get_string(settings_now, "face"))
    end
    if item ~= nil then
        obs.obs_data_set_string(data, "scene", item.scene)
        obs.obs_data_set_int(data, "sceneItemId", item.id)
        obs.obs_data_set_string(data, "source", item.source)
        local voice = paired_voice(item.source)
        if voice ~= nil then obs.obs_data_set_string(data, "voice", voice) end
    elseif action == "lipsync" then
        obs.script_log(obs.LOG_WARNING, "select the clip (a media source showing a face) first")
    end
    local label = (item ~= nil and (" '" .. item.source .. "'") or "") .. " (" .. origin .. ")"
    local st = daemon_status()
    if st ~= nil and st.obs == "attached" then
        emit_logged(action, data, label)
    else
        -- No daemon to hear it yet: hold the press (a newer one replaces it) until one is attached.
        local starting = st == nil and obs.obs_data_get_bool(settings_now, "autostart") and start_daemon()
        local first = pending == nil
        pending = { action = action, json = obs.obs_data_get_json(data), label = label,
            deadline = os.time() + ATTACH_WAIT_SECONDS }
        if first then obs.timer_add(flush_pending, 500) end
        obs.script_log(obs.LOG_INFO, (st ~= nil and "the lip-sync daemon is not attached to OBS yet" or
            (starting and "the lip-sync daemon was not running: starting it" or
            "the lip-sync daemon is not running (start it, or turn on 'Start the daemon with OBS')")) ..
            "; " .. action .. label .. " goes out once it is attached")
    end
    obs.obs_data_release(data)
end

function script_description()
    return [[<b>Lip-sync</b>: sends the selected clip and its voice track to the obs-lipsync daemon, which puts
the lip-synced clip back into the scene.<br/>
Hotkeys: <i>Lip-sync clip</i> and <i>Re-render lip-sync</i> (Settings &gt; Hotkeys).<br/>
Voice: the pairing below, else an audio-only media source named "&lt;clip&gt; voice", else the clip's own audio.<br/>
Dock: add the URL the daemon prints under Docks &gt; Custom Browser Docks.]]
end

function script_properties()
    local props = obs.obs_properties_create()
    obs.obs_properties_add_button(props, "lipsync", "Lip-s&ync selected clip", function()
        request("lipsync", "button")
        return false
    end)
    obs.obs_properties_add_button(props, "rerender", "Re-render", function()
        request("rerender", "button")
        return false
    end)
    local placement = obs.obs_properties_add_list(props, "placement", "Result", obs.OBS_COMBO_TYPE_LIST,
        obs.OBS_COMBO_FORMAT_STRING)
    obs.obs_property_list_add_string(placement, "New source above the clip (clip hidden)", "add")
    obs.obs_property_list_add_string(placement, "Replace the clip's file in place", "replace")
    local preset = obs.obs_properties_add_list(props, "preset", "Quality", obs.OBS_COMBO_TYPE_LIST,
        obs.OBS_COMBO_FORMAT_STRING)
    obs.obs_property_list_add_string(preset, "Draft (fastest: 10 DPM-Solver++ steps, no guidance)", "draft")
    obs.obs_property_list_add_string(preset, "Standard (upstream's settings)", "standard")
    obs.obs_property_list_add_string(preset, "Final (the 512 px model)", "final")
    obs.obs_property_list_add_string(preset, "As the daemon was started", "")
    local face = obs.obs_properties_add_list(props, "face", "Face (when the clip shows several)",
        obs.OBS_COMBO_TYPE_LIST, obs.OBS_COMBO_FORMAT_STRING)
    obs.obs_property_list_add_string(face, "The largest", "largest")
    obs.obs_property_list_add_string(face, "The one nearest the centre", "centre")
    for i = 1, 4 do
        obs.obs_property_list_add_string(face, "Number " .. i .. " from the left", "left-" .. i)
    end
    obs.obs_properties_add_text(props, "password", "OBS WebSocket password (for the daemon)",
        obs.OBS_TEXT_PASSWORD)
    obs.obs_properties_add_bool(props, "autostart", "Start the daemon with OBS")
    obs.obs_properties_add_path(props, "launcher", "lipsync launcher", obs.OBS_PATH_FILE, "", nil)
    obs.obs_properties_add_text(props, "status_source", "Status text source (for OBS without browser docks)",
        obs.OBS_TEXT_DEFAULT)
    obs.obs_properties_add_button(props, "restart", "Start / restart the daemon", function()
        if stop_daemon() then
            -- The old one needs a moment to leave OBS and free its port.
            os.execute("sleep 1")
        end
        start_daemon()
        return false
    end)
    local st = daemon_status()
    obs.obs_properties_add_text(props, "daemon_state", st == nil and
        ("Daemon: not running (its log: " .. DAEMON_LOG .. ")") or
        ("Daemon: running, pid " .. st.pid .. ", " .. (st.obs == "attached" and "attached to OBS" or
            "not attached to OBS yet") .. ((st.models and st.models ~= "") and (", " .. st.models) or "") ..
            ((st.error and st.error ~= "") and (". Last error: " .. st.error) or "") ..
            (st.dock and (". Dock: " .. st.dock) or "")), obs.OBS_TEXT_INFO)
    obs.obs_properties_add_text(props, "voice_pairs", "Voice pairing (one 'Clip = Voice source' a line)",
        obs.OBS_TEXT_MULTILINE)
    return props
end

function script_defaults(settings)
    obs.obs_data_set_default_string(settings, "placement", "add")
    obs.obs_data_set_default_string(settings, "preset", "")
    obs.obs_data_set_default_string(settings, "face", "largest")
    obs.obs_data_set_default_bool(settings, "autostart", true)
    obs.obs_data_set_default_string(settings, "launcher", LAUNCHER)
end

function script_update(settings)
    settings_now = settings
end

function script_load(settings)
    settings_now = settings
    -- News from before this load is not news.
    local st = daemon_status()
    last_news = st ~= nil and st.job or nil
    -- OBS removes a script's timers itself when it unloads the script (removing them in script_unload hangs OBS).
    obs.timer_add(watch_news, 500)
    if obs.obs_data_get_bool(settings, "autostart") and daemon_status() == nil then
        start_daemon()
    end
    for _, hk in ipairs(HOTKEYS) do
        local id = obs.obs_hotkey_register_frontend(hk.name, hk.description, function(pressed)
            if pressed then request(hk.action, "hotkey") end
        end)
        local saved = obs.obs_data_get_array(settings, hk.name)
        obs.obs_hotkey_load(id, saved)
        obs.obs_data_array_release(saved)
        hotkey_ids[hk.name] = id
    end
end

function script_save(settings)
    for name, id in pairs(hotkey_ids) do
        local bindings = obs.obs_hotkey_save(id)
        obs.obs_data_set_array(settings, name, bindings)
        obs.obs_data_array_release(bindings)
    end
end
