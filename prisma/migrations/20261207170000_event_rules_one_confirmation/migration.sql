-- Issue 21 item 1: the rule form used to give event rules (port down, STARTTLS lost…) "minimum volume 200",
-- i.e. 200 confirming observations, so a port-down rule made in the UI never fired. New rules default to one
-- confirmation; rules already stored with exactly that form default are brought to one confirmation too.
-- A value anyone typed by hand (anything but 200) is kept, and built-in presets (presetKey set) are left alone.
UPDATE "AlertRule"
SET "definition" = jsonb_set("definition"::jsonb, '{minVolume}', '1'::jsonb)
WHERE "kind" = 'event'
  AND "presetKey" IS NULL
  AND ("definition"::jsonb ->> 'minVolume') = '200';
