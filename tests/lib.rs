mod t2s;
