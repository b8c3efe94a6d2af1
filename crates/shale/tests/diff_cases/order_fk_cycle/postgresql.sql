-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
CREATE TABLE departments (
    id integer NOT NULL,
    head_id integer,
    PRIMARY KEY (id)
);
CREATE TABLE employees (
    id integer NOT NULL,
    department_id integer,
    manager_id integer,
    PRIMARY KEY (id),
    CONSTRAINT fk_employees_department_id_departments FOREIGN KEY (department_id) REFERENCES departments (id),
    CONSTRAINT fk_employees_manager_id_employees FOREIGN KEY (manager_id) REFERENCES employees (id)
);
ALTER TABLE departments ADD CONSTRAINT fk_departments_head_id_employees FOREIGN KEY (head_id) REFERENCES employees (id);

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE departments DROP CONSTRAINT fk_departments_head_id_employees;
-- WARNING: destroys data: drops table employees and all its rows
-- shale:allow drop-table
DROP TABLE employees;
-- WARNING: destroys data: drops table departments and all its rows
-- shale:allow drop-table
DROP TABLE departments;
