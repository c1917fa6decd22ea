-- Demo crew for scripts/run: eight technicians, one of them inactive.
-- Loads only into an empty table.
INSERT INTO technicians (name, email, phone, skills, is_active, color)
SELECT * FROM (VALUES
    ('Dana Reyes',    'dana@crew.example',   '555-0101', '{septic,pumping}'::text[],         true,  '#E4572E'),
    ('Marcus Lee',    'marcus@crew.example', '555-0102', '{plumbing,water-heaters}',   true,  '#29335C'),
    ('Priya Nair',    'priya@crew.example',  '555-0103', '{hvac,refrigeration}',       true,  '#F3A712'),
    ('Tom Becker',    'tom@crew.example',    '555-0104', '{septic,inspection}',        true,  '#669BBC'),
    ('Alma Ortiz',    'alma@crew.example',   '555-0105', '{plumbing,drain-cleaning}',  true,  '#A8C686'),
    ('Jonah Fields',  'jonah@crew.example',  '555-0106', '{hvac,ductwork}',            true,  '#8E5572'),
    ('Keiko Tanaka',  'keiko@crew.example',  '555-0107', '{septic,plumbing,hvac}',     true,  '#2E86AB'),
    ('Rick Salazar',  'rick@crew.example',   '555-0108', '{plumbing}'::text[],         false, '#6C757D')
) AS crew (name, email, phone, skills, is_active, color)
WHERE NOT EXISTS (SELECT 1 FROM technicians);
