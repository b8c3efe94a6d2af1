-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
CREATE TABLE departments (
    id integer NOT NULL,
    head_id integer NULL,
    PRIMARY KEY (id)
);
CREATE TABLE employees (
    id integer NOT NULL,
    department_id integer NULL,
    manager_id integer NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_employees_department_id_departments FOREIGN KEY (department_id) REFERENCES departments (id),
    CONSTRAINT fk_employees_manager_id_employees FOREIGN KEY (manager_id) REFERENCES employees (id)
);
-- NOTE: MySQL/MariaDB add a foreign key with a copying ALTER (ALGORITHM=COPY): writes to departments
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE departments ADD CONSTRAINT fk_departments_head_id_employees FOREIGN KEY (head_id) REFERENCES employees (id);
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE departments DROP FOREIGN KEY fk_departments_head_id_employees, ALGORITHM=INPLACE, LOCK=NONE;
DROP INDEX fk_departments_head_id_employees ON departments;
-- WARNING: destroys data: drops table employees and all its rows
-- shale:allow drop-table
DROP TABLE employees;
-- WARNING: destroys data: drops table departments and all its rows
-- shale:allow drop-table
DROP TABLE departments;
SET SESSION lock_wait_timeout = DEFAULT;
