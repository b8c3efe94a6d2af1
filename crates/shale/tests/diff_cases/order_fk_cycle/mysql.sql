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
-- InnoDB adds a foreign key in place (writes go on) only with foreign_key_checks off,
-- checking no existing row: the procedure after it fails the revision if a row has no parent.
SET SESSION foreign_key_checks = 0;
ALTER TABLE departments ADD CONSTRAINT fk_departments_head_id_employees FOREIGN KEY (head_id) REFERENCES employees (id), ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION foreign_key_checks = DEFAULT;
DROP PROCEDURE IF EXISTS _shale_check_fk_departments_head_id_employees;
CREATE PROCEDURE _shale_check_fk_departments_head_id_employees() BEGIN DECLARE orphans INT; SELECT EXISTS (SELECT 1 FROM departments c WHERE c.head_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employees p WHERE p.id = c.head_id)) INTO orphans; IF orphans THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'foreign key fk_departments_head_id_employees: a row of departments has no parent in employees'; END IF; END;
CALL _shale_check_fk_departments_head_id_employees();
DROP PROCEDURE _shale_check_fk_departments_head_id_employees;
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
